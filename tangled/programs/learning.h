/* Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file. */
/* Helpers for the programs that learn from MNIST (not part of libnn). */
#ifndef LEARNING_H
#define LEARNING_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "nn.h"
#include "xp-log.h"

/* <<load an MNIST set or stop with the loader's message>> */
static inline void xp_load_mnist(const char *prefix, nn_dataset *d)
{
    const char *dir = getenv("MNIST_DIR");
    nn_error err = { NN_OK, "" };
    if (nn_mnist_load(dir && *dir ? dir : "data/mnist", prefix, d, &err) != NN_OK) {
        fprintf(stderr, "error: %s\n", err.msg);
        exit(1);
    }
}

/* <<count how often each unit is active>> */
static inline int xp_unit_activity(nn_net *net, size_t act, const nn_dataset *d,
                                   size_t n, double *frac)
{
    size_t width = nn_net_layer(net, act - 1)->n_out, mb = nn_net_max_batch(net);
    int dead = 0;
    nn_real *X = n && n <= d->n ? malloc(mb * d->n_features * sizeof *X) : NULL;
    if (!X)
        return -1;
    for (size_t j = 0; j < width; j++)
        frac[j] = 0;
    for (size_t i = 0; i < n; i += mb) {
        size_t B = n - i < mb ? n - i : mb;
        const nn_real *in = nn_dataset_rows(d, i, B, X);
        if (nn_net_forward(net, B, in, 0, NULL, NULL) != NN_OK)
            return free(X), -1;
        const nn_real *h = nn_net_activation(net, act);
        for (size_t k = 0; k < B * width; k++)
            frac[k % width] += h[k] > 0;
    }
    for (size_t j = 0; j < width; j++) {
        frac[j] /= (double)n;
        dead += frac[j] == 0;
    }
    free(X);
    return dead;
}
#endif

/* Tangled from book/a2-320-speed.nw by 'make tangle'. Edit the book, not this file. */
/* Time a fraction of an epoch and scale it to the whole epoch. */
#ifndef EPOCH_TIMER_H
#define EPOCH_TIMER_H
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "nn.h"
#include "experiment.h"

/* <<load MNIST as bytes or stop>> */
static inline void xp_load_mnist_bytes(const char *prefix, nn_dataset *d)
{
    nn_error err = { NN_OK, "" };
    if (nn_mnist_load_bytes(nn_mnist_dir(NULL), prefix, d, &err) != NN_OK)
        xp_die(err.msg);
}

/* <<measure the seconds per epoch of a network>> */
static inline double xp_epoch_seconds(const nn_dataset *d, size_t L, const size_t *w,
                                      size_t batch, size_t steps, int threads)
{
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 1);
    nn_net *net;
    nn_optim *opt;
    size_t np, n = batch * (steps + 1);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = 0.01, oc.momentum = 0.9;
    if (nn_net_mlp(&net, L + 1, w, nn_act_default(NN_ACT_RELU), batch, &rng) != NN_OK
        || (nn_net_params(net, &np), nn_optim_create(&opt, &oc, np)) != NN_OK)
        xp_die("cannot make the network");
    /* <<train one step untimed, then the timed steps>> */
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 1, cfg.batch = batch, cfg.shuffle = 0;
    nn_error err = { NN_OK, "" };
    nn_dataset warm = nn_dataset_view(d, 0, batch);
    nn_dataset part = nn_dataset_view(d, batch, n - batch);
    omp_set_num_threads(threads);
    double t0 = 0, seconds = 0;
    if (nn_train(net, opt, &cfg, &warm, NULL, &rng, &err) != NN_OK
        || (t0 = nn_seconds(), nn_train(net, opt, &cfg, &part, NULL, &rng, &err)) != NN_OK)
        xp_die(err.msg);
    seconds = nn_seconds() - t0;
    nn_optim_free(opt);
    nn_net_free(net);
    return seconds / (double)(n - batch) * (double)d->n;
}
/* <<measure the seconds per epoch of a network>> */
static inline double xp_median3(const double r[3])
{
    double a = r[0], b = r[1], c = r[2];
    return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}
/* <<measure the seconds per epoch of a network>> */
static inline double xp_median(const double *r, int n)
{
    double v[16];
    n = n < 1 ? 1 : n > 16 ? 16 : n;
    for (int i = 0; i < n; i++) {
        int j = i;
        for (; j > 0 && v[j - 1] > r[i]; j--)
            v[j] = v[j - 1];
        v[j] = r[i];
    }
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
#endif

/* Tangled from book/06-learning.nw by 'make tangle'. Edit the book, not this file. */
/* Helpers for the programs that learn from MNIST (chapter 6; not part of libnn). */
#ifndef LEARNING_H
#define LEARNING_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "nn.h"

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
#endif

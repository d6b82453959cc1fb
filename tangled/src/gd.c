/* Tangled from book/140-backprop.nw by 'make tangle'. Edit the book, not this file. */
#include "nn.h"

void nn_gd_step(size_t n, nn_real *params, const nn_real *grads, nn_real lr)
{
    for (size_t i = 0; i < n; i++)
        params[i] -= lr * grads[i];
}

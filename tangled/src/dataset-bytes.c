/* Tangled from book/320-speed.nw by 'make tangle'. Edit the book, not this file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"

/* <<allocate a dataset of bytes>> */
nn_status nn_dataset_alloc_bytes(nn_dataset *d, size_t n, size_t rows, size_t cols,
                                 size_t n_classes)
{
    *d = (nn_dataset){ 0 };
    if (n == 0 || rows == 0 || cols == 0 || n_classes == 0
        || cols > SIZE_MAX / rows || n > SIZE_MAX / (rows * cols + sizeof(int)))
        return NN_EINVAL;
    size_t nf = rows * cols, lbytes = n * sizeof(int);
    void *m = malloc(lbytes + n * nf);
    if (!m)
        return NN_ENOMEM;
    *d = (nn_dataset){ .n = n, .rows = rows, .cols = cols, .n_features = nf,
                       .n_classes = n_classes, .labels = m, .memory = m,
                       .x8 = (unsigned char *)m + lbytes };
    for (int v = 0; v < 256; v++)
        d->x8_value[v] = (nn_real)v;
    return NN_OK;
}

/* <<copy consecutive rows, converting bytes>> */
const nn_real *nn_dataset_rows(const nn_dataset *d, size_t first, size_t B,
                               nn_real *X)
{
    size_t nf = d->n_features;
    if (d->x)
        memcpy(X, d->x + first * nf, B * nf * sizeof *X);
    else
        for (size_t i = 0; i < B * nf; i++)
            X[i] = d->x8_value[d->x8[first * nf + i]];
    return X;
}

/* Tangled from book/320-speed.nw by 'make tangle'. Edit the book, not this file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"

/* <<allocate a dataset of bytes>> */
nn_status nn_dataset_alloc_bytes(nn_dataset *d, size_t n, size_t rows, size_t cols,
                                 size_t n_classes)
{
    size_t tbytes = 256 * sizeof(nn_real);
    *d = (nn_dataset){ 0 };
    if (n == 0 || rows == 0 || cols == 0 || n_classes == 0 || cols > SIZE_MAX / rows
        || n > (SIZE_MAX - tbytes) / (rows * cols + sizeof(int)))
        return NN_EINVAL;
    size_t nf = rows * cols, lbytes = n * sizeof(int);
    char *m = malloc(tbytes + lbytes + n * nf);
    if (!m)
        return NN_ENOMEM;
    *d = (nn_dataset){ .n = n, .rows = rows, .cols = cols, .n_features = nf,
                       .n_classes = n_classes, .x8_value = (nn_real *)m,
                       .labels = (int *)(m + tbytes), .memory = m,
                       .x8 = (unsigned char *)m + tbytes + lbytes };
    for (int v = 0; v < 256; v++)
        d->x8_value[v] = (nn_real)v;
    return NN_OK;
}

/* Tangled from book/241-augmentation.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <string.h>
#include "nn.h"

/* <<copy some examples of a dataset into another>> */
static void fold_copy(const nn_dataset *from, size_t first, size_t n, nn_dataset *to,
                      size_t at)
{
    size_t nf = from->n_features;
    if (from->x8)
        memcpy(to->x8 + at * nf, from->x8 + first * nf, n * nf);
    else
        memcpy(to->x + at * nf, from->x + first * nf, n * nf * sizeof *to->x);
    memcpy(to->labels + at, from->labels + first, n * sizeof *to->labels);
}
/* <<cut a dataset into a training set and fold k>> */
nn_status nn_dataset_fold(const nn_dataset *d, size_t K, size_t k,
                          nn_dataset *train, nn_dataset *val)
{
    *train = (nn_dataset){ 0 };
    if (K < 2 || K > d->n || k >= K)
        return NN_EINVAL;
    size_t first = k * d->n / K, end = (k + 1) * d->n / K;      /* fold k */
    nn_status s = d->x8 ? nn_dataset_alloc_bytes(train, d->n - (end - first), d->rows,
                                                 d->cols, d->n_classes)
                        : nn_dataset_alloc(train, d->n - (end - first), d->rows,
                                           d->cols, d->n_classes);
    if (s != NN_OK)
        return s;
    if (d->x8)
        memcpy(train->x8_value, d->x8_value, 256 * sizeof *d->x8_value);
    fold_copy(d, 0, first, train, 0);
    fold_copy(d, end, d->n - end, train, first);
    *val = nn_dataset_view(d, first, end - first);
    return NN_OK;
}
/* <<cut a dataset into a training set and fold k>> */
void nn_mean_spread(size_t n, const double *v, double *mean, double *spread)
{
    double m = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        m += v[i];
    m = n ? m / (double)n : 0;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - m) * (v[i] - m);
    *mean = m;
    *spread = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;               /* (eq:kfold) */
}

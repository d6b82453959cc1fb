/* Tangled from book/200-learning.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"

/* <<allocate, free and view a dataset>> */
nn_status nn_dataset_alloc(nn_dataset *d, size_t n, size_t rows, size_t cols,
                           size_t n_classes)
{
    *d = (nn_dataset){ 0 };
    if (n == 0 || rows == 0 || cols == 0 || n_classes == 0
        || cols > SIZE_MAX / rows
        || n > SIZE_MAX / (rows * cols * sizeof(nn_real) + sizeof(int)))
        return NN_EINVAL;
    size_t nf = rows * cols, xbytes = n * nf * sizeof(nn_real);
    void *m = malloc(xbytes + n * sizeof(int));
    if (!m)
        return NN_ENOMEM;
    *d = (nn_dataset){ .n = n, .rows = rows, .cols = cols, .n_features = nf,
                       .n_classes = n_classes, .x = m,
                       .labels = (int *)((char *)m + xbytes), .memory = m };
    return NN_OK;
}
/* <<allocate, free and view a dataset>> */
void nn_dataset_free(nn_dataset *d)
{
    if (d) {
        free(d->memory);
        *d = (nn_dataset){ 0 };
    }
}

nn_dataset nn_dataset_view(const nn_dataset *d, size_t first, size_t n)
{
    nn_dataset v = *d;
    first = first < d->n ? first : d->n;
    v.n = n < d->n - first ? n : d->n - first;
    v.x = d->x ? d->x + first * d->n_features : NULL;
    v.labels = d->labels + first;
    v.memory = NULL;
    /* <<move a view of bytes along>> */
    if (d->x8)
        v.x8 = d->x8 + first * d->n_features;
    return v;
}

const nn_real *nn_dataset_rows(const nn_dataset *d, size_t first, size_t B,
                               nn_real *X)
{
    /* <<convert rows kept as bytes into X, and return X>> */
    if (d->x8) {
        const unsigned char *src = d->x8 + first * d->n_features;
        #pragma GCC unroll 8
        for (size_t i = 0; i < B * d->n_features; i++)
            X[i] = d->x8_value[src[i]];
        return X;
    }
    return d->x + first * d->n_features;
}

/* <<scale the pixels of a dataset>> */
nn_status nn_dataset_affine(nn_dataset *d, double a, double c)
{
    if (!d->memory)
        return NN_EINVAL;               /* a view: scale its owner instead */
    /* <<scale features kept as bytes, and return>> */
    if (d->x8) {
        for (int v = 0; v < 256; v++)
            d->x8_value[v] = (nn_real)(a * d->x8_value[v] + c);
        return NN_OK;
    }
    for (size_t i = 0; i < d->n * d->n_features; i++)
        d->x[i] = (nn_real)(a * d->x[i] + c);
    return NN_OK;
}

void nn_dataset_moments(const nn_dataset *d, double *mean, double *std)
{
    size_t N = d->n * d->n_features;
    double s = 0, s2 = 0;
    /* <<the moments of features kept as bytes, and return>> */
    if (d->x8) {
        size_t count[256] = { 0 };
        for (size_t i = 0; i < N; i++)
            count[d->x8[i]]++;
        for (int v = 0; v < 256; v++)
            s += (double)count[v] * d->x8_value[v];
        double mu = N ? s / (double)N : 0;
        for (int v = 0; v < 256; v++)
            s2 += (double)count[v] * (d->x8_value[v] - mu) * (d->x8_value[v] - mu);
        *mean = mu;
        *std = N ? sqrt(s2 / (double)N) : 0;
        return;
    }
    for (size_t i = 0; i < N; i++)
        s += d->x[i];
    double m = N ? s / (double)N : 0;
    for (size_t i = 0; i < N; i++)
        s2 += (d->x[i] - m) * (d->x[i] - m);
    *mean = m;
    *std = N ? sqrt(s2 / (double)N) : 0;
}

/* <<shuffle indices and split a dataset>> */
nn_status nn_shuffle(size_t n, size_t *idx, nn_rng *rng)
{
    if (n > UINT32_MAX)
        return NN_EINVAL;
    for (size_t i = n; i-- > 1; ) {
        size_t j = nn_rng_below(rng, (uint32_t)(i + 1)), t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
    return NN_OK;
}
/* <<shuffle indices and split a dataset>> */
static void swap_rows(nn_dataset *d, size_t a, size_t b)
{
    /* <<swap two rows of bytes and their labels, and return>> */
    if (d->x8) {
        unsigned char *x = d->x8 + a * d->n_features, *y = d->x8 + b * d->n_features;
        for (size_t k = 0; k < d->n_features; k++) {
            unsigned char t = x[k];
            x[k] = y[k];
            y[k] = t;
        }
        int t = d->labels[a];
        d->labels[a] = d->labels[b];
        d->labels[b] = t;
        return;
    }
    nn_real *x = d->x + a * d->n_features, *y = d->x + b * d->n_features;
    for (size_t k = 0; k < d->n_features; k++) {
        nn_real t = x[k];
        x[k] = y[k];
        y[k] = t;
    }
    int t = d->labels[a];
    d->labels[a] = d->labels[b];
    d->labels[b] = t;
}
/* <<shuffle indices and split a dataset>> */
nn_status nn_dataset_split(nn_dataset *d, size_t n_val, nn_rng *rng,
                           nn_dataset *train, nn_dataset *val)
{
    if (n_val > d->n || d->n > UINT32_MAX)
        return NN_EINVAL;
    for (size_t i = d->n; rng && i-- > 1; )
        swap_rows(d, i, nn_rng_below(rng, (uint32_t)(i + 1)));
    *train = nn_dataset_view(d, 0, d->n - n_val);
    *val = nn_dataset_view(d, d->n - n_val, n_val);
    return NN_OK;
}

/* <<gather a mini-batch and its targets>> */
/* <<start fetching a row of a dataset>> */
enum { GATHER_AHEAD = 4 };              /* rows from a row's prefetch to its copy */

/* Ask the memory for row i of d, its features and its label, without waiting. */
static void fetch_row(const nn_dataset *d, size_t i)
{
    size_t nf = d->n_features;
    const char *row = d->x8 ? (const char *)(d->x8 + i * nf)
                            : (const char *)(d->x + i * nf);
    size_t bytes = d->x8 ? nf : nf * sizeof(nn_real);
    for (size_t b = 0; b < bytes; b += 64)          /* a cache line at a time */
        __builtin_prefetch(row + b);
    __builtin_prefetch(d->labels + i);
}
/* <<start fetching a row of a dataset>> */

void nn_dataset_prefetch(const nn_dataset *d, size_t B, const size_t *idx)
{
    for (size_t r = 0; r < B; r++)
        fetch_row(d, idx[r]);
}

void nn_dataset_gather(const nn_dataset *d, size_t B, const size_t *idx, nn_real *X,
                       int *labels)
{
    size_t nf = d->n_features;
    #pragma omp parallel for schedule(static) if (B * nf >= 32768)
    for (size_t r = 0; r < B; r++) {
        if (r + GATHER_AHEAD < B)
            fetch_row(d, idx[r + GATHER_AHEAD]);
        nn_real *dst = X + r * nf;
        const nn_real *src = nn_dataset_rows(d, idx[r], 1, dst);
        if (src != dst)
            memcpy(dst, src, nf * sizeof *dst);
        labels[r] = d->labels[idx[r]];
    }
}

void nn_onehot(size_t B, size_t C, const int *labels, nn_real off, nn_real on,
               nn_real *T)
{
    for (size_t r = 0; r < B; r++)
        for (size_t j = 0; j < C; j++)
            T[r * C + j] = (int)j == labels[r] ? on : off;
}

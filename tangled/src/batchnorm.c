/* Tangled from book/250-batchnorm.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "nn-layer.h"
#include "vectorize.h"

/* <<the batch-normalization layer's private structure>> */
typedef struct bn_layer {
    nn_layer base;
    double eps, momentum;
} bn_layer;

enum { BN_COLS = 32 };                  /* columns in a block */

#define BN_ARRAYS(l, j0)                                                     \
    size_t C = (l)->n_in;                                                    \
    nn_real *gamma = (l)->params + (j0), *beta = gamma + C;                  \
    nn_real *rmean = (l)->state + (j0), *rvar = rmean + C;                   \
    nn_real *cinv = (l)->cache + (j0), *xhat = cinv + C;                     \
    (void)gamma, (void)beta, (void)rmean, (void)rvar, (void)cinv, (void)xhat

/* <<the batch-normalization layer's forward pass of a block of columns>> */
NN_VECTORIZE
static void bn_forward_block(nn_layer *l, size_t B, size_t j0, size_t n,
                             const nn_real *x, nn_real *y, int train)
{
    const bn_layer *b = (const bn_layer *)l;
    BN_ARRAYS(l, j0);
    if (train) {
        /* <<the mean and variance of the block's columns over the batch>> */
        double mu[BN_COLS] = { 0 }, var[BN_COLS] = { 0 }, corr[BN_COLS] = { 0 };
        for (size_t i = 0; i < B; i++)
            for (size_t j = 0; j < n; j++)
                mu[j] += x[i * C + j];
        for (size_t j = 0; j < n; j++)
            mu[j] /= (double)B;                             /* eq:bn-stats */
        for (size_t i = 0; i < B; i++)
            for (size_t j = 0; j < n; j++)
                corr[j] += x[i * C + j] - mu[j];
        for (size_t j = 0; j < n; j++)
            mu[j] += corr[j] / (double)B;       /* the rounding error of the first sum */
        for (size_t i = 0; i < B; i++)
            for (size_t j = 0; j < n; j++) {
                double d = x[i * C + j] - mu[j];
                var[j] += d * d;
            }
        for (size_t j = 0; j < n; j++)
            var[j] /= (double)B;                            /* eq:bn-stats, biased */
        /* <<normalise the block's columns and update their running statistics>> */
        double inv[BN_COLS];
        for (size_t j = 0; j < n; j++)
            inv[j] = 1 / sqrt(var[j] + b->eps);             /* eq:bn-xhat */
        for (size_t i = 0; i < B; i++)
            for (size_t j = 0; j < n; j++) {
                nn_real xh = (nn_real)((x[i * C + j] - mu[j]) * inv[j]);
                xhat[i * C + j] = xh;
                y[i * C + j] = gamma[j] * xh + beta[j];     /* eq:bn-y */
            }
        for (size_t j = 0; j < n; j++) {
            cinv[j] = (nn_real)inv[j];
            rmean[j] = (nn_real)((1 - b->momentum) * rmean[j] + b->momentum * mu[j]);
            rvar[j] = (nn_real)((1 - b->momentum) * rvar[j] /* eq:bn-running */
                                + b->momentum * var[j] * (double)B / (double)(B - 1));
        }
    } else {
        /* <<normalise the block's columns with the running statistics>> */
        double inv[BN_COLS];
        for (size_t j = 0; j < n; j++)
            inv[j] = 1 / sqrt((double)rvar[j] + b->eps);
        for (size_t i = 0; i < B; i++)
            for (size_t j = 0; j < n; j++) {
                nn_real xh = (nn_real)((x[i * C + j] - rmean[j]) * inv[j]);
                xhat[i * C + j] = xh;
                y[i * C + j] = gamma[j] * xh + beta[j];     /* eq:bn-eval */
            }
        for (size_t j = 0; j < n; j++)
            cinv[j] = (nn_real)inv[j];
    }
}

/* <<the batch-normalization layer's forward pass>> */
static nn_status bn_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                            const nn_ctx *c)
{
    size_t C = l->n_in;
    if (c->train && B < 2)
        return NN_EINVAL;                   /* no variance in a batch of one */
    #pragma omp parallel for schedule(static) if (B * C >= 32768)
    for (size_t j0 = 0; j0 < C; j0 += BN_COLS)
        bn_forward_block(l, B, j0, C - j0 < BN_COLS ? C - j0 : BN_COLS, x + j0,
                         y + j0, c->train);
    return NN_OK;
}

/* <<the batch-normalization layer's backward pass of a block of columns>> */
NN_VECTORIZE
static void bn_backward_block(nn_layer *l, size_t B, size_t j0, size_t n,
                              const nn_real *dy, nn_real *dx, int train)
{
    BN_ARRAYS(l, j0);
    nn_real *dgamma = l->grads + j0, *dbeta = dgamma + C;
    /* <<the sums over the block's columns of dy and of dy times x-hat>> */
    double sdy[BN_COLS] = { 0 }, sdyx[BN_COLS] = { 0 };
    for (size_t i = 0; i < B; i++)
        for (size_t j = 0; j < n; j++) {
            sdy[j] += dy[i * C + j];
            sdyx[j] += (double)dy[i * C + j] * xhat[i * C + j];
        }
    for (size_t j = 0; j < n; j++) {
        dbeta[j] += (nn_real)sdy[j];                    /* eq:bn-dparams */
        dgamma[j] += (nn_real)sdyx[j];                  /* eq:bn-dparams */
    }
    if (dx && train) {
        /* <<the input gradient of the block's columns in training>> */
        double k[BN_COLS];
        for (size_t j = 0; j < n; j++)
            k[j] = gamma[j] * (double)cinv[j] / (double)B;
        for (size_t i = 0; i < B; i++)      /* eq:bn-dx, with eq:bn-dvar, eq:bn-dmu */
            for (size_t j = 0; j < n; j++)
                dx[i * C + j] = (nn_real)(k[j] * ((double)B * dy[i * C + j] - sdy[j]
                                                  - xhat[i * C + j] * sdyx[j]));
    } else if (dx) {
        /* <<the input gradient of the block's columns in evaluation>> */
        for (size_t i = 0; i < B; i++)
            for (size_t j = 0; j < n; j++)
                dx[i * C + j] = gamma[j] * cinv[j] * dy[i * C + j];    /* eq:bn-eval */
    }
}

/* <<the batch-normalization layer's backward pass>> */
static void bn_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                        const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    (void)x, (void)y;
    size_t C = l->n_in;
    #pragma omp parallel for schedule(static) if (B * C >= 32768)
    for (size_t j0 = 0; j0 < C; j0 += BN_COLS)
        bn_backward_block(l, B, j0, C - j0 < BN_COLS ? C - j0 : BN_COLS, dy + j0,
                          dx ? dx + j0 : NULL, c->train);
}

/* <<the batch-normalization layer's initialisation and decay mask>> */
static void bn_init(nn_layer *l, nn_rng *rng)
{
    (void)rng;
    BN_ARRAYS(l, 0);
    for (size_t j = 0; j < C; j++)
        gamma[j] = 1, beta[j] = 0, rmean[j] = 0, rvar[j] = 1;
}

static void bn_decay_mask(const nn_layer *l, unsigned char *mask)
{
    for (size_t k = 0; k < l->n_params; k++)
        mask[k] = 0;
}

/* <<the batch-normalization layer's model records>> */
static void bn_describe(const nn_layer *l, nn_layer_record *r)
{
    const bn_layer *b = (const bn_layer *)l;
    r->hyper[0] = b->eps, r->hyper[1] = b->momentum;
}

static const char *bn_check(const nn_layer_record *r)
{
    size_t n = r->n_in;
    if (r->n_out != n || r->n_params != 2 * n || r->n_state != 2 * n)
        return "its sizes are not those of a batch normalization";
    return !(r->hyper[0] > 0 && r->hyper[0] < 1) ? "eps must be in (0, 1)"
         : !(r->hyper[1] >= 0 && r->hyper[1] <= 1) ? "momentum must be in [0, 1]"
         : NULL;
}
/* <<the batch-normalization layer's model records>> */
static nn_status bn_rebuild(const nn_layer_record *r, nn_layer **out)
{
    return nn_layer_batchnorm(out, r->n_in, r->hyper[0], r->hyper[1]);
}

static void bn_text(const nn_layer_record *r, char *buf, size_t n)
{
    snprintf(buf, n, "batchnorm of %llu (eps %g, momentum %g)",
             (unsigned long long)r->n_in, r->hyper[0], r->hyper[1]);
}

/* <<the batch-normalization layer's table of operations>> */
const nn_layer_ops nn_batchnorm_ops = {
    .kind = "batchnorm", .forward = bn_forward, .backward = bn_backward,
    .init = bn_init, .decay_mask = bn_decay_mask,
    .describe = bn_describe, .check = bn_check, .rebuild = bn_rebuild,
    .text = bn_text,
};

/* <<create a batch-normalization layer>> */
nn_status nn_layer_batchnorm(nn_layer **out, size_t n, double eps, double momentum)
{
    *out = NULL;
    if (n == 0 || !(eps > 0 && eps < 1) || !(momentum >= 0 && momentum <= 1))
        return NN_EINVAL;
    bn_layer *b = calloc(1, sizeof *b);
    if (!b)
        return NN_ENOMEM;
    b->base = (nn_layer){ .ops = &nn_batchnorm_ops, .n_in = n, .n_out = n,
                          .n_params = 2 * n, .n_state = 2 * n, .n_cache = n,
                          .n_cache_row = n };
    b->eps = eps, b->momentum = momentum;
    *out = &b->base;
    return NN_OK;
}

/* Tangled from book/250-batchnorm.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "nn-layer.h"

/* <<the batch-normalization layer's private structure>> */
typedef struct bn_layer {
    nn_layer base;
    double eps, momentum;
} bn_layer;

#define BN_ARRAYS(l)                                                         \
    size_t C = (l)->n_in;                                                    \
    nn_real *gamma = (l)->params, *beta = gamma + C;                         \
    nn_real *rmean = (l)->state, *rvar = rmean + C;                          \
    nn_real *cinv = (l)->cache, *xhat = cinv + C;                            \
    (void)gamma, (void)beta, (void)rmean, (void)rvar, (void)cinv, (void)xhat

/* <<the batch-normalization layer's forward pass>> */
static nn_status bn_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                            const nn_ctx *c)
{
    const bn_layer *b = (const bn_layer *)l;
    BN_ARRAYS(l);
    if (c->train && B < 2)
        return NN_EINVAL;                   /* no variance in a batch of one */
    #pragma omp parallel for schedule(static) if (B * C >= 32768)
    for (size_t j = 0; j < C; j++) {
        if (c->train) {
            /* <<the mean and variance of column j over the batch>> */
            double mu = 0, var = 0, corr = 0;
            for (size_t i = 0; i < B; i++)
                mu += x[i * C + j];
            mu /= (double)B;                                    /* eq:bn-stats */
            for (size_t i = 0; i < B; i++)
                corr += x[i * C + j] - mu;
            mu += corr / (double)B;                 /* the rounding error of the first sum */
            for (size_t i = 0; i < B; i++) {
                double d = x[i * C + j] - mu;
                var += d * d;
            }
            var /= (double)B;                                   /* eq:bn-stats, biased */
            /* <<normalise column j and update its running statistics>> */
            double inv = 1 / sqrt(var + b->eps);                /* eq:bn-xhat */
            for (size_t i = 0; i < B; i++) {
                nn_real xh = (nn_real)((x[i * C + j] - mu) * inv);
                xhat[i * C + j] = xh;
                y[i * C + j] = gamma[j] * xh + beta[j];         /* eq:bn-y */
            }
            cinv[j] = (nn_real)inv;
            rmean[j] = (nn_real)((1 - b->momentum) * rmean[j] + b->momentum * mu);
            rvar[j] = (nn_real)((1 - b->momentum) * rvar[j]     /* eq:bn-running */
                                + b->momentum * var * (double)B / (double)(B - 1));
        } else {
            /* <<normalise column j with the running statistics>> */
            double inv = 1 / sqrt((double)rvar[j] + b->eps);
            for (size_t i = 0; i < B; i++) {
                nn_real xh = (nn_real)((x[i * C + j] - rmean[j]) * inv);
                xhat[i * C + j] = xh;
                y[i * C + j] = gamma[j] * xh + beta[j];         /* eq:bn-eval */
            }
            cinv[j] = (nn_real)inv;
        }
    }
    return NN_OK;
}

/* <<the batch-normalization layer's backward pass>> */
static void bn_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                        const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    (void)x, (void)y;
    BN_ARRAYS(l);
    nn_real *dgamma = l->grads, *dbeta = dgamma + C;
    #pragma omp parallel for schedule(static) if (B * C >= 32768)
    for (size_t j = 0; j < C; j++) {
        /* <<the sums over column j of dy and of dy times x-hat>> */
        double sdy = 0, sdyx = 0;
        for (size_t i = 0; i < B; i++) {
            sdy += dy[i * C + j];
            sdyx += (double)dy[i * C + j] * xhat[i * C + j];
        }
        dbeta[j] += (nn_real)sdy;                           /* eq:bn-dparams */
        dgamma[j] += (nn_real)sdyx;                         /* eq:bn-dparams */
        if (dx && c->train) {
            /* <<the input gradient of column j in training>> */
            double k = gamma[j] * (double)cinv[j] / (double)B;
            for (size_t i = 0; i < B; i++)      /* eq:bn-dx, with eq:bn-dvar, eq:bn-dmu */
                dx[i * C + j] = (nn_real)(k * ((double)B * dy[i * C + j] - sdy
                                               - xhat[i * C + j] * sdyx));
        } else if (dx) {
            /* <<the input gradient of column j in evaluation>> */
            for (size_t i = 0; i < B; i++)
                dx[i * C + j] = gamma[j] * cinv[j] * dy[i * C + j];    /* eq:bn-eval */
        }
    }
}

/* <<the batch-normalization layer's initialisation and decay mask>> */
static void bn_init(nn_layer *l, nn_rng *rng)
{
    (void)rng;
    BN_ARRAYS(l);
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

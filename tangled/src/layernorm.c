/* Tangled from book/250-batchnorm.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "nn-layer.h"

typedef struct ln_layer {
    nn_layer base;
    double eps;
} ln_layer;

/* <<the layer-normalization layer's passes>> */
static nn_status ln_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                            const nn_ctx *c)
{
    (void)c;
    size_t C = l->n_in;
    const nn_real *gamma = l->params, *beta = gamma + C;
    for (size_t i = 0; i < B; i++) {
        const nn_real *xi = x + i * C;
        nn_real *xhat = l->cache + i * (C + 1);
        /* <<the mean and variance of row i over its features>> */
        double mu = 0, var = 0;
        for (size_t j = 0; j < C; j++)
            mu += xi[j];
        mu /= (double)C;
        for (size_t j = 0; j < C; j++)
            var += (xi[j] - mu) * (xi[j] - mu);
        var /= (double)C;
        double inv = 1 / sqrt(var + ((const ln_layer *)l)->eps);
        for (size_t j = 0; j < C; j++) {                /* eq:ln-forward */
            xhat[j] = (nn_real)((xi[j] - mu) * inv);
            y[i * C + j] = gamma[j] * xhat[j] + beta[j];
        }
        xhat[C] = (nn_real)inv;
    }
    return NN_OK;
}
/* <<the layer-normalization layer's passes>> */
static void ln_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                        const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    (void)x, (void)y, (void)c;
    size_t C = l->n_in;
    const nn_real *gamma = l->params;
    nn_real *dgamma = l->grads, *dbeta = dgamma + C;
    for (size_t i = 0; i < B; i++) {
        const nn_real *xhat = l->cache + i * (C + 1), *dyi = dy + i * C;
        double s1 = 0, s2 = 0;
        for (size_t j = 0; j < C; j++) {
            dbeta[j] += dyi[j], dgamma[j] += dyi[j] * xhat[j];
            s1 += (double)gamma[j] * dyi[j];
            s2 += (double)gamma[j] * dyi[j] * xhat[j];
        }
        for (size_t j = 0; dx && j < C; j++)            /* eq:ln-dx */
            dx[i * C + j] = (nn_real)(xhat[C] / (double)C
                * ((double)C * gamma[j] * dyi[j] - s1 - xhat[j] * s2));
    }
}

/* <<the layer-normalization layer's other operations>> */
static void ln_init(nn_layer *l, nn_rng *rng)
{
    (void)rng;
    for (size_t j = 0; j < l->n_in; j++)
        l->params[j] = 1, l->params[l->n_in + j] = 0;
}

static void ln_decay_mask(const nn_layer *l, unsigned char *mask)
{
    for (size_t k = 0; k < l->n_params; k++)
        mask[k] = 0;
}
/* <<the layer-normalization layer's other operations>> */
static void ln_describe(const nn_layer *l, nn_layer_record *r)
{
    r->hyper[0] = ((const ln_layer *)l)->eps;
}

static const char *ln_check(const nn_layer_record *r)
{
    if (r->n_in != r->n_out || r->n_params != 2 * r->n_in || r->n_state != 0)
        return "its sizes are not those of a layer normalization";
    return !(r->hyper[0] > 0 && r->hyper[0] < 1) ? "eps must be in (0, 1)" : NULL;
}

static nn_status ln_rebuild(const nn_layer_record *r, nn_layer **out)
{
    return nn_layer_layernorm(out, r->n_in, r->hyper[0]);
}

/* <<the layer-normalization layer's table of operations>> */
const nn_layer_ops nn_layernorm_ops = {
    .kind = "layernorm", .forward = ln_forward, .backward = ln_backward,
    .init = ln_init, .decay_mask = ln_decay_mask,
    .describe = ln_describe, .check = ln_check, .rebuild = ln_rebuild,
};

/* <<create a layer-normalization layer>> */
nn_status nn_layer_layernorm(nn_layer **out, size_t n, double eps)
{
    *out = NULL;
    if (n == 0 || !(eps > 0 && eps < 1))
        return NN_EINVAL;
    ln_layer *b = calloc(1, sizeof *b);
    if (!b)
        return NN_ENOMEM;
    b->base = (nn_layer){ .ops = &nn_layernorm_ops, .n_in = n, .n_out = n,
                          .n_params = 2 * n, .n_cache_row = n + 1 };
    b->eps = eps;
    *out = &b->base;
    return NN_OK;
}

/* Tangled from book/240-regularization.nw, book/a2-240-regularization.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nn-layer.h"
#include "vectorize.h"

typedef struct dropout_layer {
    nn_layer base;
    double p;                   /* the probability of dropping a unit */
    int masked;                 /* the last forward pass drew a mask */
} dropout_layer;

/* <<draw a dropout mask and apply a mask>> */
/* <<fill a part of a dropout mask, many numbers at once>> */
enum { DROPOUT_LANES = 16 };                /* numbers drawn side by side */

static inline uint64_t uniform_bits(uint64_t s, uint64_t inc)  /* K, from state s */
{
    uint64_t hi = nn_rng_permute(s) >> 5;                              /* 27 bits */
    uint64_t lo = nn_rng_permute(s * NN_RNG_MULTIPLIER + inc) >> 6;    /* 26 bits */
    return hi << 26 | lo;
}
/* <<fill a part of a dropout mask, many numbers at once>> */
NN_VECTORIZE
static void dropout_fill(nn_rng r, size_t n, double p, nn_real keep, nn_real *m)
{
    const uint64_t a = NN_RNG_MULTIPLIER, c = r.inc;
    const uint64_t below = (uint64_t)ceil(p * 9007199254740992.0);  /* p 2^53 */
    uint64_t s[DROPOUT_LANES], A = 1, C = 0;
    for (int k = 0; k < 2 * DROPOUT_LANES; k++)         /* 2L steps as one */
        A *= a, C = C * a + c;
    for (int j = 0; j < DROPOUT_LANES; j++, r.state = (r.state * a + c) * a + c)
        s[j] = r.state;                                 /* lane j: number j */
    size_t i = 0;
    for (; i + DROPOUT_LANES <= n; i += DROPOUT_LANES)
        for (int j = 0; j < DROPOUT_LANES; j++) {
            m[i + j] = uniform_bits(s[j], c) < below ? 0 : keep;
            s[j] = A * s[j] + C;
        }
    for (int j = 0; i + j < n; j++)                     /* the last few */
        m[i + j] = uniform_bits(s[j], c) < below ? 0 : keep;
}

void nn_dropout_mask(size_t n, double p, nn_rng *rng, nn_real *m)
{
    const nn_real keep = (nn_real)(1.0 / (1.0 - p));    /* eq:reg-inverted */
    #pragma omp parallel if (n >= 32768)
    {
        size_t t = (size_t)omp_get_thread_num(), nt = (size_t)omp_get_num_threads();
        size_t i0 = n * t / nt, i1 = n * (t + 1) / nt;
        nn_rng r = *rng;
        nn_rng_skip(&r, 2 * i0);                        /* two draws a number */
        dropout_fill(r, i1 - i0, p, keep, m + i0);
    }
    nn_rng_skip(rng, 2 * n);
}

void nn_dropout_apply(size_t n, const nn_real *x, const nn_real *m, nn_real *y)
{
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] * m[i];                             /* eq:reg-inverted */
}

/* <<the dropout layer's forward pass>> */
static nn_status dropout_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                                 const nn_ctx *c)
{
    dropout_layer *d = (dropout_layer *)l;
    size_t n = B * l->n_in;
    d->masked = c && c->train && d->p > 0;
    if (d->masked && !c->rng)
        return NN_EINVAL;                   /* training needs its generator */
    if (!d->masked) {
        memmove(y, x, n * sizeof *y);       /* evaluation: the identity */
        return NN_OK;
    }
    nn_dropout_mask(n, d->p, c->rng, l->cache);
    nn_dropout_apply(n, x, l->cache, y);
    return NN_OK;
}

/* <<the dropout layer's backward pass>> */
static void dropout_backward(nn_layer *l, size_t B, const nn_real *x,
                             const nn_real *y, const nn_real *dy, nn_real *dx,
                             const nn_ctx *c)
{
    (void)x, (void)y, (void)c;
    size_t n = B * l->n_in;
    if (!dx)
        return;
    if (((dropout_layer *)l)->masked)
        nn_dropout_apply(n, dy, l->cache, dx);  /* eq:reg-dropout-backward */
    else
        memcpy(dx, dy, n * sizeof *dx);
}

/* <<the dropout layer's model records>> */
static void dropout_describe(const nn_layer *l, nn_layer_record *r)
{
    r->hyper[0] = ((const dropout_layer *)l)->p;
}

static const char *dropout_check(const nn_layer_record *r)
{
    if (!(r->hyper[0] >= 0 && r->hyper[0] < 1))
        return "the probability of dropout is not in [0, 1)";
    return r->n_in != r->n_out || r->n_params || r->n_state || *r->fn
           ? "its sizes are not those of a dropout layer" : NULL;
}

static nn_status dropout_rebuild(const nn_layer_record *r, nn_layer **out)
{
    return nn_layer_dropout(out, r->n_in, r->hyper[0]);
}

static void dropout_text(const nn_layer_record *r, char *buf, size_t n)
{
    snprintf(buf, n, "dropout %g of %llu", r->hyper[0],
             (unsigned long long)r->n_in);
}

/* <<the dropout layer's table of operations>> */
const nn_layer_ops nn_dropout_ops = {
    .kind = "dropout", .forward = dropout_forward, .backward = dropout_backward,
    .describe = dropout_describe, .check = dropout_check,
    .rebuild = dropout_rebuild, .text = dropout_text,
};

/* <<create a dropout layer>> */
nn_status nn_layer_dropout(nn_layer **out, size_t n, double p)
{
    *out = NULL;
    if (n == 0 || !(p >= 0 && p < 1))
        return NN_EINVAL;
    dropout_layer *d = calloc(1, sizeof *d);
    if (!d)
        return NN_ENOMEM;
    d->base = (nn_layer){ .ops = &nn_dropout_ops, .n_in = n, .n_out = n,
                          .n_cache_row = n };   /* the mask */
    d->p = p;
    *out = &d->base;
    return NN_OK;
}

double nn_layer_dropout_p(const nn_layer *l)
{
    return l && l->ops == &nn_dropout_ops ? ((const dropout_layer *)l)->p : -1;
}

nn_status nn_net_mlp_dropout(nn_net **out, size_t n_sizes, const size_t *sizes,
                             nn_act hidden, nn_init init, double p,
                             size_t max_batch, nn_rng *rng)
{
    *out = NULL;
    if (n_sizes < 2 || !(p >= 0 && p < 1))
        return NN_EINVAL;
    if (p == 0)
        return nn_net_mlp_init(out, n_sizes, sizes, hidden, init, max_batch, rng);
    nn_net *net;
    nn_status s = nn_net_create(&net, sizes[0]);
    /* <<add the dense layers, each hidden one with its activation and dropout>> */
    for (size_t k = 1; k < n_sizes && s == NN_OK; k++) {
        nn_layer *l;
        s = nn_layer_dense(&l, sizes[k - 1], sizes[k], init);
        if (s == NN_OK)
            s = nn_net_add(net, l);
        if (s == NN_OK && k + 1 < n_sizes && (s = nn_layer_act(&l, sizes[k], hidden))
            == NN_OK && (s = nn_net_add(net, l)) == NN_OK
            && (s = nn_layer_dropout(&l, sizes[k], p)) == NN_OK)
            s = nn_net_add(net, l);
    }
    if (s == NN_OK)
        s = nn_net_build(net, max_batch);
    if (s != NN_OK) {
        nn_net_free(net);
        return s;
    }
    if (rng)
        nn_net_init_params(net, rng);
    *out = net;
    return NN_OK;
}

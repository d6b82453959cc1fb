/* Tangled from book/140-backprop.nw by 'make tangle'. Edit the book, not this file. */
#include <stdlib.h>
#include "nn-layer.h"

/* <<the dense layer's private structure>> */
typedef struct dense_layer {
    nn_layer base;              /* first, so that a dense_layer * is an nn_layer * */
    nn_init init;
} dense_layer;

/* <<the dense layer's forward and backward operations>> */
static nn_status dense_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                               const nn_ctx *c)
{
    (void)c;
    const nn_real *W = l->params, *b = W + l->n_in * l->n_out;
    nn_dense_forward(B, l->n_in, l->n_out, x, W, b, y);
    return NN_OK;
}

static void dense_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                           const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    (void)y, (void)c;
    nn_real *dW = l->grads, *db = dW + l->n_in * l->n_out;
    nn_dense_backward_add(B, l->n_in, l->n_out, x, l->params, dy, dx, dW, db);
}

/* <<the dense layer's backward pass with the optimizer's step>> */
typedef struct dense_step {
    const nn_optim *o;
    nn_real *params;                    /* the optimizer's number 0 */
    size_t at, n_out;                   /* W's first number; a row of W */
} dense_step;

static void dense_block_done(void *ctx, size_t i0, size_t m, size_t j0, size_t n,
                             const nn_real *g, size_t ldg)
{
    const dense_step *s = ctx;
    if (n == s->n_out && ldg == n)      /* full rows, one after another: one range */
        nn_optim_update(s->o, s->at + i0 * n, m * n, s->params, g);
    else
        for (size_t i = 0; i < m; i++)
            nn_optim_update(s->o, s->at + (i0 + i) * s->n_out + j0, n, s->params,
                            g + i * ldg);
}
/* <<the dense layer's backward pass with the optimizer's step>> */
static void dense_backward_step(nn_layer *l, size_t B, const nn_real *x,
                                const nn_real *y, const nn_real *dy, nn_real *dx,
                                const nn_ctx *c, const nn_optim *o, size_t at)
{
    (void)y, (void)c;
    size_t n_in = l->n_in, n_out = l->n_out;
    nn_real *W = l->params, *dW = l->grads, *db = dW + n_in * n_out;
    dense_step s = { o, W - at, at, n_out };
    for (size_t j = 0; j < n_out; j++)
        db[j] = 0;
    nn_dense_backward_add(B, n_in, n_out, x, W, dy, dx, NULL, db);  /* dX and db */
    nn_gemm_blocks(NN_TRANS, NN_NO_TRANS, n_in, n_out, B, 1, x, n_in, dy, n_out, dW,
                   n_out, dense_block_done, &s);    /* dW = X^T dZ, then W's step */
    nn_optim_update(o, at + n_in * n_out, n_out, s.params, db);         /* b's step */
}

/* <<the dense layer's initialisation>> */
static void dense_init(nn_layer *l, nn_rng *rng)
{
    const dense_layer *d = (const dense_layer *)l;
    nn_real *W = l->params, *b = W + l->n_in * l->n_out;
    nn_init_weights(d->init, l->n_in, l->n_out, W, rng);
    for (size_t j = 0; j < l->n_out; j++)
        b[j] = 0;
}

/* <<the dense layer's decay mask>> */
static void dense_decay_mask(const nn_layer *l, unsigned char *mask)
{
    size_t n_weights = l->n_in * l->n_out;
    for (size_t i = 0; i < l->n_params; i++)
        mask[i] = i < n_weights;
}

/* <<the dense layer's model records>> */
static const char *dense_check(const nn_layer_record *r)
{
    return r->n_params != r->n_in * r->n_out + r->n_out || r->n_state != 0
           ? "its sizes are not those of a dense layer" : NULL;
}

static nn_status dense_rebuild(const nn_layer_record *r, nn_layer **out)
{
    return nn_layer_dense(out, r->n_in, r->n_out, NN_INIT_XAVIER_UNIFORM);
}

/* <<the dense layer's table of operations>> */
const nn_layer_ops nn_dense_ops = {
    .kind = "dense", .forward = dense_forward, .backward = dense_backward,
    .init = dense_init, .decay_mask = dense_decay_mask,
    .backward_step = dense_backward_step,   /* the speed chapter */
    /* <<the dense layer's model-file operations>> */
    .check = dense_check, .rebuild = dense_rebuild,
};

/* <<create a dense layer>> */
nn_status nn_layer_dense(nn_layer **out, size_t n_in, size_t n_out, nn_init init)
{
    *out = NULL;
    if (n_in == 0 || n_out == 0 || (unsigned)init >= NN_INIT_COUNT)
        return NN_EINVAL;
    dense_layer *d = calloc(1, sizeof *d);
    if (!d)
        return NN_ENOMEM;
    d->base = (nn_layer){ .ops = &nn_dense_ops, .n_in = n_in, .n_out = n_out,
                          .n_params = n_in * n_out + n_out };
    d->init = init;
    *out = &d->base;
    return NN_OK;
}

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
                               int train, nn_rng *rng)
{
    (void)train, (void)rng;
    const nn_real *W = l->params, *b = W + l->n_in * l->n_out;
    nn_dense_forward(B, l->n_in, l->n_out, x, W, b, y);
    return NN_OK;
}

static void dense_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                           const nn_real *dy, nn_real *dx)
{
    (void)y;
    nn_real *dW = l->grads, *db = dW + l->n_in * l->n_out;
    nn_dense_backward(B, l->n_in, l->n_out, x, l->params, dy, dx, dW, db);
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

/* Tangled from book/140-backprop.nw by 'make tangle'. Edit the book, not this file. */
#include <stdlib.h>
#include "nn.h"

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

static const nn_layer_ops dense_ops = {
    "dense", dense_forward, dense_backward, dense_init, NULL, NULL
};

/* <<create a dense layer>> */
nn_status nn_layer_dense(nn_layer **out, size_t n_in, size_t n_out, nn_init init)
{
    *out = NULL;
    if (n_in == 0 || n_out == 0 || (unsigned)init > NN_INIT_HE_NORMAL)
        return NN_EINVAL;
    dense_layer *d = calloc(1, sizeof *d);
    if (!d)
        return NN_ENOMEM;
    d->base = (nn_layer){ .ops = &dense_ops, .n_in = n_in, .n_out = n_out,
                          .n_params = n_in * n_out + n_out };
    d->init = init;
    *out = &d->base;
    return NN_OK;
}

/* Tangled from book/140-backprop.nw, book/300-trainer.nw by 'make tangle'. Edit the book, not this file. */
#include <stdlib.h>
#include "nn.h"

typedef struct act_layer {
    nn_layer base;
    nn_act f;
} act_layer;

/* <<the activation layer's operations>> */
static nn_status act_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                             int train, nn_rng *rng)
{
    (void)train, (void)rng;
    nn_act_forward(&((act_layer *)l)->f, B, l->n_in, x, y);
    return NN_OK;
}

static void act_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                         const nn_real *dy, nn_real *dx)
{
    if (dx)
        nn_act_backward(&((act_layer *)l)->f, B, l->n_in, x, y, dy, dx);
}

static const nn_layer_ops act_ops = {
    "activation", act_forward, act_backward, NULL, NULL, NULL
};

/* <<create an activation layer>> */
nn_status nn_layer_act(nn_layer **out, size_t n, nn_act f)
{
    *out = NULL;
    if (n == 0 || (unsigned)f.kind > NN_ACT_LOG_SOFTMAX)
        return NN_EINVAL;
    act_layer *a = calloc(1, sizeof *a);
    if (!a)
        return NN_ENOMEM;
    a->base = (nn_layer){ .ops = &act_ops, .n_in = n, .n_out = n };
    a->f = f;
    *out = &a->base;
    return NN_OK;
}

const nn_act *nn_layer_act_function(const nn_layer *l)
{
    return l && l->ops == &act_ops ? &((const act_layer *)l)->f : NULL;
}

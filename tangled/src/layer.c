/* Tangled from book/140-backprop.nw by 'make tangle'. Edit the book, not this file. */
#include <stdlib.h>
#include <string.h>
#include "nn-layer.h"

/* <<the table of layer kinds>> */
extern const nn_layer_ops nn_dense_ops, nn_act_ops, nn_dropout_ops;
extern const nn_layer_ops nn_batchnorm_ops, nn_layernorm_ops;   /* ch:batchnorm */
extern const nn_layer_ops nn_residual_ops;                      /* ch:residual */

const nn_layer_ops *const nn_layer_kinds[] = {
    &nn_dense_ops,
    &nn_act_ops,
    &nn_dropout_ops,            /* chapter Regularization */
    &nn_batchnorm_ops,          /* chapter Batch normalization */
    &nn_layernorm_ops,
    &nn_residual_ops,           /* chapter Residual connections */
};
const size_t nn_layer_n_kinds = sizeof nn_layer_kinds / sizeof nn_layer_kinds[0];

/* <<find a kind of layer by its name>> */
const nn_layer_ops *nn_layer_kind(const char *name)
{
    for (size_t k = 0; name && k < nn_layer_n_kinds; k++)
        if (strcmp(nn_layer_kinds[k]->kind, name) == 0)
            return nn_layer_kinds[k];
    return NULL;
}

/* <<the size of a layer's cache>> */
size_t nn_layer_cache_size(const nn_layer *l, size_t max_batch)
{
    return l->n_cache + max_batch * l->n_cache_row;
}

/* <<bind a layer to its memory>> */
void nn_layer_bind(nn_layer *l, size_t max_batch, nn_real *params, nn_real *grads,
                   nn_real *state, nn_real *cache)
{
    l->max_batch = max_batch;
    l->params = params;
    l->grads = grads;
    l->state = state;
    l->cache = cache;
    if (l->ops->bind)
        l->ops->bind(l);
}

/* <<initialise and free a layer>> */
void nn_layer_init(nn_layer *l, nn_rng *rng)
{
    if (l->ops->init)
        l->ops->init(l, rng);
}

void nn_layer_free(nn_layer *l)
{
    if (!l)
        return;
    if (l->ops->destroy)
        l->ops->destroy(l);
    free(l);
}

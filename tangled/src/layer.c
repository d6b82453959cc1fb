/* Tangled from book/140-backprop.nw by 'make tangle'. Edit the book, not this file. */
#include <stdlib.h>
#include "nn.h"

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

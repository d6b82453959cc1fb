/* Tangled from book/250-batchnorm.nw by 'make tangle'. Edit the book, not this file. */
#include "nn-layer.h"

const char *nn_layer_kind_name(const nn_layer *l)
{
    return l->ops->kind;
}

nn_status nn_layer_norm(nn_layer **out, nn_norm kind, size_t n)
{
    *out = NULL;
    if (kind != NN_NORM_BATCH && kind != NN_NORM_LAYER)
        return NN_EINVAL;
    return kind == NN_NORM_BATCH ? nn_layer_batchnorm(out, n, NN_BN_EPS, NN_BN_MOMENTUM)
                                 : nn_layer_layernorm(out, n, NN_BN_EPS);
}

/* <<build a multilayer perceptron with normalization>> */
nn_status nn_net_mlp_norm(nn_net **out, size_t n_sizes, const size_t *sizes,
                          const nn_norm *norm, nn_act hidden, nn_init init,
                          double p, size_t max_batch, nn_rng *rng)
{
    *out = NULL;
    /* <<refuse an MLP's bad sizes, normalizations or dropout rate>> */
    if (n_sizes < 2 || !(p >= 0 && p < 1))
        return NN_EINVAL;
    for (size_t k = 0; norm && k + 2 < n_sizes; k++)
        if ((unsigned)norm[k] >= NN_NORM_COUNT)
            return NN_EINVAL;
    nn_net *net;
    nn_status s = nn_net_create(&net, sizes[0]);
    for (size_t k = 1; k < n_sizes && s == NN_OK; k++) {
        /* <<add dense layer k of a normalized MLP>> */
        nn_layer *l;
        s = nn_layer_dense(&l, sizes[k - 1], sizes[k], init);
        if (s == NN_OK)
            s = nn_net_add(net, l);
        if (s == NN_OK && k + 1 < n_sizes && norm && norm[k - 1] != NN_NORM_NONE
            && (s = nn_layer_norm(&l, norm[k - 1], sizes[k])) == NN_OK)
            s = nn_net_add(net, l);
        if (s == NN_OK && k + 1 < n_sizes && (s = nn_layer_act(&l, sizes[k], hidden))
            == NN_OK)
            s = nn_net_add(net, l);
        if (s == NN_OK && k + 1 < n_sizes && p > 0 && (s = nn_layer_dropout(&l, sizes[k],
                                                                            p)) == NN_OK)
            s = nn_net_add(net, l);
    }
    if (s == NN_OK)
        s = nn_net_build(net, max_batch);
    if (s != NN_OK)
        return nn_net_free(net), s;
    if (rng)
        nn_net_init_params(net, rng);
    *out = net;
    return NN_OK;
}

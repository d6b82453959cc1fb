/* Tangled from book/a2-250-batchnorm.nw by 'make tangle'. Edit the book, not this file. */
/* Helpers of the batch-normalization chapter's programs (not part of libnn). */
#ifndef BN_H
#define BN_H
#include <stdlib.h>
#include "nn.h"
#include "optim-mnist.h"

enum { BN_NONE, BN_BEFORE, BN_AFTER, LN_BEFORE };

/* <<add a layer to an experiment's network or die>> */
static inline void bn_add(nn_net *net, nn_status s, nn_layer **l)
{
    if (s != NN_OK || nn_net_add(net, *l) != NN_OK)
        xp_die("cannot build the network");
}
/* <<build a network of the batch-normalization experiments>> */
static inline nn_net *bn_build(int where, size_t n, const size_t *sizes,
                               nn_rng *rng, size_t *probe)
{
    nn_net *net;
    nn_layer *l;
    const double eps = NN_BN_EPS, rho = NN_BN_MOMENTUM;
    if (nn_net_create(&net, sizes[0]) != NN_OK)
        xp_die("cannot build the network");
    for (size_t k = 1; k < n; k++) {
        bn_add(net, nn_layer_dense(&l, sizes[k - 1], sizes[k], NN_INIT_HE_NORMAL),
               &l);
        if (k + 1 == n)
            break;
        if (where == BN_BEFORE)
            bn_add(net, nn_layer_batchnorm(&l, sizes[k], eps, rho), &l);
        if (where == LN_BEFORE)
            bn_add(net, nn_layer_layernorm(&l, sizes[k], eps), &l);
        *probe = nn_net_n_layers(net) - 1;     /* feeds the activation */
        bn_add(net, nn_layer_act(&l, sizes[k], nn_act_default(NN_ACT_RELU)), &l);
        if (where == BN_AFTER)
            bn_add(net, nn_layer_batchnorm(&l, sizes[k], eps, rho), &l);
    }
    if (nn_net_build(net, 1000) != NN_OK)
        xp_die("cannot build the network");
    nn_net_init_params(net, rng);
    return net;
}
/* <<the test accuracy of an experiment's network>> */
static inline double bn_test_accuracy(nn_net *net, const om_data *d)
{
    nn_eval ev;
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    if (nn_evaluate(net, &L, &d->test, &ev, NULL, NULL) != NN_OK)
        xp_die("cannot evaluate the network");
    return 100 * ev.accuracy;
}
#endif

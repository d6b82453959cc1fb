/* Tangled from book/a5-install.nw by 'make tangle'. Edit the book, not this file. */
#include <stdio.h>
#include "nn.h"

/* <<the four examples of XOR>> */
static nn_status xor_dataset(nn_dataset *d)
{
    nn_status s = nn_dataset_alloc(d, 4, 1, 2, 2);
    for (int i = 0; s == NN_OK && i < 4; i++) {
        int a = i & 1, b = i >> 1;
        d->x[2 * i] = (nn_real)a, d->x[2 * i + 1] = (nn_real)b;
        d->labels[i] = a ^ b;
    }
    return s;
}

int main(void)
{
    nn_dataset xor;
    if (xor_dataset(&xor) != NN_OK)
        return fprintf(stderr, "xor: out of memory\n"), 1;
    /* <<build a 2-8-2 network and its optimizer>> */
    nn_rng rng;
    nn_rng_seed(&rng, 2024, 1);
    const size_t sizes[] = { 2, 8, 2 };
    nn_net *net = NULL;
    nn_optim *opt = NULL;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = 0.5, oc.momentum = 0.9;
    size_t n_params = 0;
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_TANH), 4, &rng) == NN_OK)
        nn_net_params(net, &n_params);
    if (!net || nn_optim_create(&opt, &oc, n_params) != NN_OK)
        return fprintf(stderr, "xor: cannot build the network\n"), 1;
    /* <<train on XOR and count the examples it gets right>> */
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 300, cfg.batch = 4;
    nn_error err = { NN_OK, "" };
    nn_eval ev;
    int status = 1;
    if (nn_train(net, opt, &cfg, &xor, NULL, &rng, &err) != NN_OK)
        fprintf(stderr, "xor: %s\n", err.msg);
    else if (nn_evaluate(net, &cfg.loss, &xor, &ev, NULL, NULL) != NN_OK)
        fprintf(stderr, "xor: evaluation failed\n");
    else {
        printf("xor: %zu of 4 right, loss %.4f\n", ev.correct, ev.loss);
        status = ev.correct == 4 ? 0 : 1;
    }
    nn_net_free(net), nn_optim_free(opt), nn_dataset_free(&xor);
    return status;
}

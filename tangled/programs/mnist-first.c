/* Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file. */
/* mnist-first: the whole chapter in one run: load MNIST, hold out a
   validation set, train a 784-100-10 network for one epoch, test once.
   Usage: mnist-first OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "nn.h"
#include "experiment.h"
#include "learning.h"

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    /* <<load MNIST and hold out ten thousand validation images>> */
    nn_dataset train, test, fit, val;
    xp_load_mnist("train", &train);
    xp_load_mnist("t10k", &test);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 6);
    if (nn_dataset_split(&train, 10000, &rng, &fit, &val) != NN_OK)
        xp_die("cannot split the training set");
    /* <<build a 784--100--10 network and its optimizer>> */
    const size_t sizes[] = { 784, 100, 10 };
    nn_net *net;
    nn_rng init;
    nn_rng_seed(&init, XP_SEED, 8);
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 1000, &init) != NN_OK)
        xp_die("cannot build the network");
    size_t np;
    nn_net_params(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = 0.05, oc.momentum = 0.9;
    nn_optim *opt;
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        xp_die("cannot create the optimizer");
    /* <<train for one epoch and test once>> */
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 1, cfg.batch = 32;
    nn_error err = { NN_OK, "" };
    if (nn_train(net, opt, &cfg, &fit, &val, &rng, &err) != NN_OK)
        xp_die(err.msg);
    nn_eval ev, te;
    if (nn_evaluate(net, &cfg.loss, &val, &ev, NULL, NULL) != NN_OK
        || nn_evaluate(net, &cfg.loss, &test, &te, NULL, NULL) != NN_OK)
        xp_die("cannot evaluate");
    FILE *num = xp_open(dir, "numbers.tex");
    xp_def(num, "LearnFirstFitN", "%zu", fit.n);
    xp_def(num, "LearnFirstValAcc", "%.1f", 100 * ev.accuracy);
    xp_def(num, "LearnFirstTestAcc", "%.1f", 100 * te.accuracy);
    xp_close(num);
    printf("validation %.2f%%, test %.2f%%\n", 100 * ev.accuracy, 100 * te.accuracy);
    nn_net_free(net), nn_optim_free(opt);
    nn_dataset_free(&train), nn_dataset_free(&test);
    return 0;
}

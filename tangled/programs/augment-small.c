/* Tangled from book/a2-241-augmentation.nw by 'make tangle'. Edit the book, not this file. */
/* augment-small: the overfitting experiment, without and with data
   augmentation.  Usage: augment-small OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "nn.h"
#include "experiment.h"
#include "learning.h"
#include "speed.h"

enum { N_FIT = 1000, N_VAL = 2000, HIDDEN = 200, EPOCHS = 80, BATCH = 32 };
static const double LR = 0.05, MOMENTUM = 0.9, ALPHA = 12;

/* <<train the small network, with or without augmentation>> */
static nn_net *small_train(const char *dir, const char *log, const nn_augment *a,
                           const nn_dataset *fit, const nn_dataset *val,
                           nn_epoch_stats *last)
{
    const size_t sizes[] = { 784, HIDDEN, HIDDEN, 10 };
    nn_rng init, order;
    nn_net *net;
    nn_optim *opt;
    size_t np;
    nn_error err = { NN_OK, "" };
    nn_rng_seed(&init, XP_SEED, 2), nn_rng_seed(&order, XP_SEED, 3);
    if (nn_net_mlp(&net, 4, sizes, nn_act_default(NN_ACT_RELU), 500, &init) != NN_OK)
        xp_die("cannot build the network");
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = LR, oc.momentum = MOMENTUM;
    nn_net_params(net, &np);
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        xp_die("cannot create the optimizer");
    /* <<run the small network's training and keep its last epoch>> */
    xp_log l;
    xp_log_init(&l, stdout, xp_open(dir, log));
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = EPOCHS, cfg.batch = BATCH, cfg.augment = a;
    cfg.on_epoch = xp_on_epoch, cfg.on_progress = xp_on_progress, cfg.ctx = &l;
    if (nn_train(net, opt, &cfg, fit, val, &order, &err) != NN_OK)
        xp_die(err.msg);
    xp_close(l.dat);
    nn_eval ev;
    if (nn_evaluate(net, &cfg.loss, fit, &ev, NULL, NULL) != NN_OK)
        xp_die("cannot evaluate the training images");
    last->train_acc = ev.accuracy;
    if (nn_evaluate(net, &cfg.loss, val, &ev, NULL, NULL) != NN_OK)
        xp_die("cannot evaluate the validation images");
    last->val_acc = ev.accuracy;
    nn_optim_free(opt);
    return net;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train, test, fit, rest, val;
    xp_load_mnist("train", &train);
    xp_load_mnist("t10k", &test);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 6);
    if (nn_dataset_split(&train, train.n - N_FIT, &rng, &fit, &rest) != NN_OK)
        xp_die("cannot split the training set");
    val = nn_dataset_view(&rest, 0, N_VAL);
    nn_augment a = nn_augment_defaults();
    a.transforms = NN_AUG_ALL, a.alpha = ALPHA;
    nn_epoch_stats last[2];
    double test_acc[2];
    /* <<train the overfitting network without and with augmentation>> */
    for (int k = 0; k < 2; k++) {
        printf("%s\n", k ? "with augmentation" : "without augmentation");
        nn_net *net = small_train(dir, k ? "augmented.dat" : "plain.dat", k ? &a : NULL,
                                  &fit, &val, &last[k]);
        nn_eval ev;
        nn_train_config cfg = nn_train_defaults();
        if (nn_evaluate(net, &cfg.loss, &test, &ev, NULL, NULL) != NN_OK)
            xp_die("cannot evaluate the test set");
        test_acc[k] = 100 * ev.accuracy;                   /* once per run */
        nn_net_free(net);
    }
    /* <<write the numbers of the augmentation experiment>> */
    FILE *num = xp_open(dir, "numbers.tex");
    const char *macro[2] = { "Plain", "Aug" };
    for (int k = 0; k < 2; k++) {
        char name[64];
        snprintf(name, sizeof name, "AugSmallTrain%s", macro[k]);
        xp_def(num, name, "%.1f", 100 * last[k].train_acc);
        snprintf(name, sizeof name, "AugSmallVal%s", macro[k]);
        xp_def(num, name, "%.1f", 100 * last[k].val_acc);
        snprintf(name, sizeof name, "AugSmallTest%s", macro[k]);
        xp_def(num, name, "%.1f", test_acc[k]);
    }
    xp_def(num, "AugSmallFit", "%s", xp_tex_int((char[64]){ 0 }, N_FIT));
    xp_def(num, "AugSmallValN", "%s", xp_tex_int((char[64]){ 0 }, N_VAL));
    xp_def(num, "AugSmallHidden", "%d", HIDDEN);
    xp_def(num, "AugSmallEpochs", "%d", EPOCHS);
    xp_def(num, "AugSmallBatch", "%d", BATCH);
    xp_def(num, "AugSmallLr", "%g", LR);
    xp_def(num, "AugSmallMomentum", "%g", MOMENTUM);
    xp_def(num, "AugSmallAlpha", "%g", ALPHA);
    xp_close(num);
    nn_dataset_free(&train), nn_dataset_free(&test);
    return 0;
}

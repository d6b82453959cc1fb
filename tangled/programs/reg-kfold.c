/* Tangled from book/a2-241-augmentation.nw by 'make tangle'. Edit the book, not this file. */
/* reg-kfold: k-fold cross-validation of the weight decay on a small set.
   Usage: reg-kfold OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "nn.h"
#include "experiment.h"
#include "learning.h"
#include "speed.h"

enum { N_DATA = 2000, K = 5, HIDDEN = 64, EPOCHS = 15, BATCH = 32, N_DECAYS = 5 };
static const double DECAYS[N_DECAYS] = { 0, 3e-4, 1e-3, 3e-3, 1e-2 };
static const double LR = 0.05, MOMENTUM = 0.9;

/* <<train the k-fold network and measure its accuracy>> */
static double kf_accuracy(const nn_dataset *tr, const nn_dataset *te, double decay)
{
    const size_t sizes[] = { 784, HIDDEN, 10 };
    nn_rng init, order;
    nn_net *net;
    nn_optim *opt;
    size_t np;
    nn_error err = { NN_OK, "" };
    nn_rng_seed(&init, XP_SEED, 2), nn_rng_seed(&order, XP_SEED, 3);
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 500, &init) != NN_OK)
        xp_die("cannot build the network");
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = LR, oc.momentum = MOMENTUM, oc.weight_decay = decay;
    nn_net_params(net, &np);
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        xp_die("cannot create the optimizer");
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = EPOCHS, cfg.batch = BATCH;
    nn_eval ev;
    if (nn_train(net, opt, &cfg, tr, NULL, &order, &err) != NN_OK
        || nn_evaluate(net, &cfg.loss, te, &ev, NULL, NULL) != NN_OK)
        xp_die(err.msg[0] ? err.msg : "cannot evaluate the network");
    nn_optim_free(opt), nn_net_free(net);
    return 100 * ev.accuracy;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train, test, fit, val;
    xp_load_mnist("train", &train);
    xp_load_mnist("t10k", &test);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 6);
    if (nn_dataset_split(&train, train.n - N_DATA, &rng, &fit, &val) != NN_OK)
        xp_die("cannot split the training set");
    static double acc[N_DECAYS][K];
    double mean[N_DECAYS], spread[N_DECAYS];
    /* <<cross-validate every weight decay>> */
    for (size_t w = 0; w < N_DECAYS; w++) {
        for (size_t k = 0; k < K; k++) {
            nn_dataset tr, va;
            if (nn_dataset_fold(&fit, K, k, &tr, &va) != NN_OK)
                xp_die("cannot cut the folds");
            acc[w][k] = kf_accuracy(&tr, &va, DECAYS[w]);
            nn_dataset_free(&tr);
        }
        nn_mean_spread(K, acc[w], &mean[w], &spread[w]);     /* (eq:kfold) */
        printf("weight decay %g: %.2f%% +- %.2f\n", DECAYS[w], mean[w], spread[w]);
    }
    /* <<cross-validate every weight decay>> */
    size_t chosen = 0;
    for (size_t w = 1; w < N_DECAYS; w++)
        chosen = mean[w] > mean[chosen] ? w : chosen;
    double test_best = kf_accuracy(&fit, &test, DECAYS[chosen]),
           test_none = kf_accuracy(&fit, &test, 0);
    /* <<write the k-fold table and numbers>> */
    FILE *tab = xp_open(dir, "table.tex"), *num = xp_open(dir, "numbers.tex");
    fprintf(tab, "\\begin{tabular}{@{}l");
    for (int k = 0; k < K + 1; k++)
        fprintf(tab, "r");
    fprintf(tab, "@{}}\n\\toprule\nweight decay $\\lambda$");
    for (int k = 0; k < K; k++)
        fprintf(tab, " & fold %d", k + 1);
    fprintf(tab, " & mean $\\pm$ spread \\\\\n\\midrule\n");
    size_t best = 0;
    for (size_t w = 0; w < N_DECAYS; w++) {
        fprintf(tab, "%g", DECAYS[w]);
        for (int k = 0; k < K; k++)
            fprintf(tab, " & %.1f", acc[w][k]);
        fprintf(tab, " & %.2f $\\pm$ %.2f \\\\\n", mean[w], spread[w]);
        best = mean[w] > mean[best] ? w : best;
    }
    fprintf(tab, "\\bottomrule\n\\end{tabular}\n");
    xp_close(tab);
    /* <<define the k-fold experiment's numbers>> */
    xp_def(num, "RegKfoldN", "%s", xp_tex_int((char[64]){ 0 }, N_DATA));
    xp_def(num, "RegKfoldK", "%d", K);
    xp_def(num, "RegKfoldFoldN", "%d", N_DATA / K);
    xp_def(num, "RegKfoldTrainN", "%s", xp_tex_int((char[64]){ 0 }, N_DATA - N_DATA / K));
    xp_def(num, "RegKfoldHidden", "%d", HIDDEN);
    xp_def(num, "RegKfoldEpochs", "%d", EPOCHS);
    xp_def(num, "RegKfoldBatch", "%d", BATCH);
    xp_def(num, "RegKfoldLr", "%g", LR);
    xp_def(num, "RegKfoldMomentum", "%g", MOMENTUM);
    xp_def(num, "RegKfoldBest", "%g", DECAYS[best]);
    xp_def(num, "RegKfoldBestMean", "%.2f", mean[best]);
    xp_def(num, "RegKfoldBestSpread", "%.2f", spread[best]);
    xp_def(num, "RegKfoldNoneMean", "%.2f", mean[0]);
    xp_def(num, "RegKfoldNoneSpread", "%.2f", spread[0]);
    xp_def(num, "RegKfoldTestBest", "%.2f", test_best);
    xp_def(num, "RegKfoldTestNone", "%.2f", test_none);
    xp_close(num);
    nn_dataset_free(&train), nn_dataset_free(&test);
    return 0;
}

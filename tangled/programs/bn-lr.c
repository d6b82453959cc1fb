/* Tangled from book/a2-250-batchnorm.nw by 'make tangle'. Edit the book, not this file. */
/* bn-lr: test accuracy and the first epoch's validation accuracy against
   the learning rate of plain SGD, with and without batch normalization.
   Usage: bn-lr OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "bn.h"

enum { LR_EPOCHS = 4, LR_BATCH = 64, LR_N = 7, LR_HIDDEN = 100, LR_V = 3 };
static const double LR_RATES[LR_N] = { 0.01, 0.03, 0.1, 0.3, 1, 3, 10 };
static const double LR_FAIL = 80;       /* a test accuracy below it: failed */

/* <<one run of the learning-rate experiment>> */
static int lr_first(void *ctx, const nn_epoch_stats *s)
{
    if (s->epoch == 1)
        *(double *)ctx = 100 * s->val_acc;
    return 0;
}

static void lr_run(const om_data *d, int where, double lr, double *first,
                   double *test)
{
    const size_t sizes[] = { 784, LR_HIDDEN, LR_HIDDEN, 10 };
    size_t probe, np;
    nn_rng init, order;
    nn_rng_seed(&init, XP_SEED, 27), nn_rng_seed(&order, XP_SEED, 28);
    nn_net *net = bn_build(where, 4, sizes, &init, &probe);
    /* <<train at rate lr with plain SGD>> */
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = lr;
    nn_optim *opt;
    nn_net_params(net, &np);
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        xp_die("cannot create the optimizer");
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = LR_EPOCHS, cfg.batch = LR_BATCH;
    cfg.on_epoch = lr_first, cfg.ctx = first;
    nn_error err = { NN_OK, "" };
    *first = 10;
    nn_status s = nn_train(net, opt, &cfg, &d->fit, &d->val, &order, &err);
    *test = bn_test_accuracy(net, d);
    printf("%s lr %-5g first epoch %.2f%%  test %.2f%%%s\n",
           where == BN_NONE ? "plain" : where == BN_BEFORE ? "bn   " : "ln   ", lr,
           *first, *test,
           s != NN_OK ? " (diverged)" : "");
    nn_optim_free(opt), nn_net_free(net);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    om_data d;
    om_load(&d);
    FILE *out = xp_open(dir, "lr.dat");
    const int kinds[LR_V] = { BN_NONE, BN_BEFORE, LN_BEFORE };
    double first[LR_V][LR_N], test[LR_V][LR_N];
    for (int k = 0; k < LR_N; k++) {
        fprintf(out, "%g", LR_RATES[k]);
        for (int v = 0; v < LR_V; v++) {
            lr_run(&d, kinds[v], LR_RATES[k], &first[v][k], &test[v][k]);
            fprintf(out, " %.4f %.4f", first[v][k], test[v][k]);
        }
        fprintf(out, "\n");
    }
    /* <<write the learning-rate experiment's numbers>> */
    FILE *num = xp_open(dir, "numbers.tex");
    int best[LR_V] = { 0, 0, 0 }, fail[LR_V] = { LR_N, LR_N, LR_N };
    double worst = 100;
    for (int k = LR_N - 1; k >= 0; k--)
        for (int v = 0; v < LR_V; v++) {
            best[v] = test[v][k] >= test[v][best[v]] ? k : best[v];
            fail[v] = test[v][k] < LR_FAIL ? k : fail[v];
        }
    for (int k = fail[0]; k < fail[1]; k++)
        worst = test[1][k] < worst ? test[1][k] : worst;
    /* <<define the learning-rate experiment's results>> */
    double top = LR_RATES[LR_N - 1] * 10;
    xp_def(num, "BnLrPlainBest", "%.2f", test[0][best[0]]);
    xp_def(num, "BnLrPlainBestLr", "%g", LR_RATES[best[0]]);
    xp_def(num, "BnLrBnBest", "%.2f", test[1][best[1]]);
    xp_def(num, "BnLrBnBestLr", "%g", LR_RATES[best[1]]);
    xp_def(num, "BnLrPlainFail", "%g", fail[0] < LR_N ? LR_RATES[fail[0]] : top);
    xp_def(num, "BnLrBnFail", "%g", fail[1] < LR_N ? LR_RATES[fail[1]] : top);
    xp_def(num, "BnLrBnLastGood", "%g", LR_RATES[fail[1] - 1]);
    xp_def(num, "BnLrBnWorstHigh", "%.2f", worst);
    xp_def(num, "BnLrFailAcc", "%g", LR_FAIL);
    xp_def(num, "BnLrLnBest", "%.2f", test[2][best[2]]);
    xp_def(num, "BnLrLnBestLr", "%g", LR_RATES[best[2]]);
    xp_def(num, "BnLrLnFail", "%g", fail[2] < LR_N ? LR_RATES[fail[2]] : top);
    /* <<write the learning-rate experiment's settings>> */
    xp_def(num, "BnLrShape", "784--%d--%d--10", LR_HIDDEN, LR_HIDDEN);
    xp_def(num, "BnLrN", "%d", (int)OM_FIT);
    xp_def(num, "BnLrEpochs", "%d", LR_EPOCHS);
    xp_def(num, "BnLrMin", "%g", LR_RATES[0]);
    xp_def(num, "BnLrMax", "%g", LR_RATES[LR_N - 1]);
    xp_close(num);
    xp_close(out);
    om_free(&d);
    return 0;
}

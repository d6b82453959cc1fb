/* Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file. */
/* mnist-lr-sweep: validation loss and accuracy after a short training with
   each of several learning rates.  Usage: mnist-lr-sweep OUTDIR */
/* needs: mnist */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "nn.h"
#include "experiment.h"
#include "learning.h"

enum { SUBSET = 10000, EPOCHS = 1, BATCH = 32, N_RATES = 8, HIDDEN = 100 };
enum { PROBE = 2000 };          /* validation images that look for dead units */
static const double sweep_rates[N_RATES] = { 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3 };

/* <<train with one learning rate and measure the validation set>> */
static nn_status run_rate(double lr, const nn_dataset *sub, const nn_dataset *val,
                     nn_eval *ev, int *dead, nn_error *err)
{
    const size_t sizes[] = { 784, HIDDEN, 10 };
    nn_rng init, order;
    nn_rng_seed(&init, XP_SEED, 8), nn_rng_seed(&order, XP_SEED, 9);
    nn_net *net;
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 1000, &init) != NN_OK)
        xp_die("cannot build the network");
    size_t np;
    nn_net_params(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = lr;
    nn_optim *opt;
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        xp_die("cannot create the optimizer");
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = EPOCHS, cfg.batch = BATCH;
    nn_status s = nn_train(net, opt, &cfg, sub, NULL, &order, err);
    double frac[HIDDEN];
    if (s == NN_OK && (s = nn_evaluate(net, &cfg.loss, val, ev, NULL, NULL)) == NN_OK
        && (*dead = xp_unit_activity(net, 2, val, PROBE, frac)) < 0)
        xp_die("cannot measure the hidden units");
    nn_net_free(net), nn_optim_free(opt);
    return s;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    printf("threads: 1\n");
    nn_dataset train, fit, val;
    xp_load_mnist("train", &train);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 6);
    if (nn_dataset_split(&train, 10000, &rng, &fit, &val) != NN_OK)
        xp_die("cannot split the training set");
    nn_dataset sub = nn_dataset_view(&fit, 0, SUBSET);
    /* <<sweep the learning rates and write the results>> */
    FILE *f = xp_open(dir, "sweep.dat"), *num = xp_open(dir, "numbers.tex");
    int best = 0, dead[N_RATES];
    double acc[N_RATES], loss[N_RATES];
    for (int k = 0; k < N_RATES; k++) {
        nn_eval ev;
        nn_error err = { NN_OK, "" };
        if (run_rate(sweep_rates[k], &sub, &val, &ev, &dead[k], &err) != NN_OK)
            xp_die(err.msg);
        acc[k] = 100 * ev.accuracy, loss[k] = ev.loss;
        fprintf(f, "%g %.6g %.4f\n", sweep_rates[k], loss[k], 100 - acc[k]);
        printf("rate %g: validation loss %.4f, accuracy %.2f%%, %d dead units\n",
               sweep_rates[k], loss[k], acc[k], dead[k]);
        best = acc[k] > acc[best] ? k : best;
    }
    xp_close(f);
    /* <<define the sweep's numbers>> */
    xp_def(num, "LearnSweepN", "%d", SUBSET);
    xp_def(num, "LearnSweepHidden", "%d", HIDDEN);
    xp_def(num, "LearnSweepEpochs", "%d", EPOCHS);
    xp_def(num, "LearnSweepCount", "%d", N_RATES);
    xp_def(num, "LearnSweepFirst", "%g", sweep_rates[0]);
    xp_def(num, "LearnSweepLast", "%g", sweep_rates[N_RATES - 1]);
    xp_def(num, "LearnSweepSlowAcc", "%.1f", acc[0]);
    xp_def(num, "LearnSweepBest", "%g", sweep_rates[best]);
    xp_def(num, "LearnSweepBestAcc", "%.2f", acc[best]);
    xp_def(num, "LearnSweepLastLoss", "%.2f", loss[N_RATES - 1]);
    xp_def(num, "LearnSweepDead", "%d", dead[N_RATES - 1]);
    xp_def(num, "LearnSweepNext", "%g", sweep_rates[N_RATES - 2]);
    xp_def(num, "LearnSweepNextDead", "%d", dead[N_RATES - 2]);
    xp_def(num, "LearnSweepNextAcc", "%.1f", acc[N_RATES - 2]);
    xp_close(num);
    nn_dataset_free(&train);
    return 0;
}

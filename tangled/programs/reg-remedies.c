/* Tangled from book/a2-240-regularization.nw by 'make tangle'. Edit the book, not this file. */
/* reg-remedies: a network that overfits 1,000 images, and the remedies of
   the regularization chapter on the same experiment.
   Usage: reg-remedies OUTDIR */
/* needs: mnist */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"
#include "judging.h"

/* <<the settings of the regularization experiments>> */
enum { RG_N_FIT = 1000, RG_N_VAL = 2000, RG_HIDDEN = 200, RG_EPOCHS = 40,
       RG_BATCH = 32, RG_PATIENCE = 5, RG_BINS = 80 };
#define RG_LR 0.05
#define RG_MOMENTUM 0.9
#define RG_ADAM_LR 0.001
#define RG_L1_VALUE 1e-4
#define RG_L2_VALUE 1e-3
#define RG_DROPOUT 0.2
#define RG_ZERO 1e-3                /* a weight below this is practically 0 */
#define RG_RANGE 0.2                /* the histograms' range */
/* <<a run of the regularization experiments>> */
typedef struct rg_spec {
    const char *name;
    nn_optim_kind optim;
    double lr, weight_decay, l1, l2, dropout;
    size_t patience;
} rg_spec;

typedef struct rg_result {
    nn_epoch_stats last, best;      /* the last epoch; the best by accuracy */
    double test_acc;                /* of the network at the end, in percent */
    double near_zero, w_rms;        /* first layer: |w| < RG_ZERO; root mean square */
    size_t kept;                    /* early stopping: the epoch it kept */
} rg_result;
/* <<train one run of the regularization experiments>> */
static nn_net *rg_train(const char *dir, const rg_spec *s, const nn_dataset *fit,
                        const nn_dataset *val, rg_result *res)
{
    nn_rng rng;
    nn_net *net;
    nn_optim *opt;
    nn_error err = { NN_OK, "" };
    const size_t sizes[] = { 784, RG_HIDDEN, RG_HIDDEN, 10 };
    nn_rng_seed(&rng, XP_SEED, 11);
    if (nn_net_mlp_dropout(&net, 4, sizes, nn_act_default(NN_ACT_RELU),
                           NN_INIT_HE_NORMAL, s->dropout, 500, &rng) != NN_OK)
        xp_die("cannot build the network");
    nn_optim_config oc = nn_optim_suggested(s->optim);
    oc.lr = s->lr, oc.weight_decay = s->weight_decay;
    if (s->optim == NN_OPTIM_SGD)
        oc.momentum = RG_MOMENTUM;
    if (nn_optim_create(&opt, &oc, nn_net_n_params(net)) != NN_OK)
        xp_die("cannot create the optimizer");
    /* <<train the run and record its epochs>> */
    char name[64];
    snprintf(name, sizeof name, "%s.dat", s->name);
    ju_log l;
    xp_log_init(&l.out, stdout, xp_open(dir, name));
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = RG_EPOCHS, cfg.batch = RG_BATCH, cfg.ctx = &l;
    cfg.on_epoch = ju_on_epoch, cfg.on_progress = ju_on_progress;
    cfg.l1 = s->l1, cfg.l2 = s->l2, cfg.patience = s->patience;
    cfg.best_epoch = &res->kept;
    printf("run %s\n", s->name);
    if (nn_train(net, opt, &cfg, fit, val, &rng, &err) != NN_OK)
        xp_die(err.msg);
    xp_close(l.out.dat);
    res->last = l.last;
    nn_epoch_stats ep[RG_EPOCHS + 1];
    size_t n = ju_read_log(dir, name, ep, RG_EPOCHS + 1);
    res->best = ep[0];
    for (size_t i = 1; i < n; i++)
        res->best = ep[i].val_acc > res->best.val_acc ? ep[i] : res->best;
    nn_optim_free(opt);
    return net;
}
/* <<the histogram of the first layer's weights>> */
static void rg_weights(nn_net *net, double *hist, rg_result *res)
{
    const nn_layer *l = nn_net_layer(net, 0);
    size_t n = l->n_in * l->n_out;
    double zero = 0, sum2 = 0;
    for (int b = 0; b < RG_BINS; b++)
        hist[b] = 0;
    for (size_t i = 0; i < n; i++) {
        double w = l->params[i];
        int b = (int)floor((w + RG_RANGE) / (2 * RG_RANGE) * RG_BINS);
        if (b >= 0 && b < RG_BINS)
            hist[b] += 1.0 / (double)n;
        zero += fabs(w) < RG_ZERO, sum2 += w * w;
    }
    res->near_zero = zero / (double)n, res->w_rms = sqrt(sum2 / (double)n);
}
/* <<the runs of the regularization experiments>> */
enum { RG_NONE, RG_L2, RG_L1, RG_DROP, RG_EARLY, RG_ADAM_L2, RG_ADAMW, RG_N_RUNS };
static const rg_spec rg_runs[RG_N_RUNS] = {
    [RG_NONE] = { "none", NN_OPTIM_SGD, RG_LR, 0, 0, 0, 0, 0 },
    [RG_L2] = { "l2", NN_OPTIM_SGD, RG_LR, 0, 0, RG_L2_VALUE, 0, 0 },
    [RG_L1] = { "l1", NN_OPTIM_SGD, RG_LR, 0, RG_L1_VALUE, 0, 0, 0 },
    [RG_DROP] = { "dropout", NN_OPTIM_SGD, RG_LR, 0, 0, 0, RG_DROPOUT, 0 },
    [RG_EARLY] = { "early", NN_OPTIM_SGD, RG_LR, 0, 0, 0, 0, RG_PATIENCE },
    [RG_ADAM_L2] = { "adam-l2", NN_OPTIM_ADAM, RG_ADAM_LR, 0, 0, RG_L2_VALUE, 0, 0 },
    [RG_ADAMW] = { "adamw", NN_OPTIM_ADAMW, RG_ADAM_LR, RG_L2_VALUE, 0, 0, 0, 0 },
};
static const char *const rg_macro[RG_N_RUNS] = {
    "None", "LTwo", "LOne", "Drop", "Early", "AdamLTwo", "AdamW"
};

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train, fit, val, test;
    xp_load_mnist("train", &train);
    xp_load_mnist("t10k", &test);
    ju_split(&train, &fit, &val);
    nn_dataset few = nn_dataset_view(&fit, 0, RG_N_FIT);
    nn_dataset v = nn_dataset_view(&val, 0, RG_N_VAL);
    rg_result res[RG_N_RUNS];
    /* <<train every run of the regularization experiments>> */
    static double hist[RG_N_RUNS][RG_BINS];
    for (int k = 0; k < RG_N_RUNS; k++) {
        nn_net *net = rg_train(dir, &rg_runs[k], &few, &v, &res[k]);
        res[k].test_acc = ju_accuracy(net, &test);      /* once per run */
        rg_weights(net, hist[k], &res[k]);
        nn_net_free(net);
    }
    /* <<write the histograms of the first layer's weights>> */
    FILE *h = xp_open(dir, "weights.dat");
    fprintf(h, "# centre none l1 l2\n");
    for (int b = 0; b < RG_BINS; b++)
        fprintf(h, "%g %g %g %g\n", -RG_RANGE + (b + 0.5) * 2 * RG_RANGE / RG_BINS,
                hist[RG_NONE][b], hist[RG_L1][b], hist[RG_L2][b]);
    xp_close(h);
    /* <<write the numbers of the regularization experiments>> */
    FILE *num = xp_open(dir, "numbers.tex");
    xp_def(num, "RegN", "%d", RG_N_FIT);
    xp_def(num, "RegValN", "%d", RG_N_VAL);
    xp_def(num, "RegHidden", "%d", RG_HIDDEN);
    xp_def(num, "RegEpochs", "%d", RG_EPOCHS);
    xp_def(num, "RegBatch", "%d", RG_BATCH);
    xp_def(num, "RegLr", "%g", RG_LR);
    xp_def(num, "RegAdamLr", "%g", RG_ADAM_LR);
    xp_def(num, "RegMomentum", "%g", RG_MOMENTUM);
    xp_def(num, "RegLOne", "%s", xp_tex_sci((char[64]){ 0 }, RG_L1_VALUE, 0));
    xp_def(num, "RegLTwo", "%s", xp_tex_sci((char[64]){ 0 }, RG_L2_VALUE, 0));
    xp_def(num, "RegDropP", "%g", RG_DROPOUT);
    xp_def(num, "RegPatience", "%d", RG_PATIENCE);
    xp_def(num, "RegZero", "%s", xp_tex_sci((char[64]){ 0 }, RG_ZERO, 0));
    double a = res[RG_NONE].last.val_acc;           /* its standard error, in % */
    xp_def(num, "RegValSe", "%.1f", 100 * sqrt(a * (1 - a) / RG_N_VAL));
    xp_def(num, "RegParams", "%zu", (size_t)(784 * RG_HIDDEN + RG_HIDDEN * RG_HIDDEN
                                             + RG_HIDDEN * 10 + 2 * RG_HIDDEN + 10));
    /* <<write the numbers of every run>> */
    for (int k = 0; k < RG_N_RUNS; k++) {
        const char *m = rg_macro[k];
        const rg_result *r = &res[k];
        char name[64];
        #define DEF(what, fmt, v) (snprintf(name, sizeof name, "Reg%s%s", m, what), \
                                   xp_def(num, name, fmt, v))
        DEF("LastTrain", "%.1f", 100 * r->last.train_acc);
        DEF("LastVal", "%.1f", 100 * r->last.val_acc);
        DEF("LastValLoss", "%.3f", r->last.val_loss);
        DEF("BestVal", "%.1f", 100 * r->best.val_acc);
        DEF("BestEpoch", "%zu", r->best.epoch);
        DEF("Test", "%.1f", r->test_acc);
        DEF("Zero", "%.0f", 100 * r->near_zero);
        DEF("Rms", "%.3f", r->w_rms);
        DEF("Kept", "%zu", r->kept);
        DEF("Stopped", "%zu", r->last.epoch);
        #undef DEF
    }
    xp_close(num);
    nn_dataset_free(&train), nn_dataset_free(&test);
    return 0;
}

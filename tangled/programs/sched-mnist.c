/* Tangled from book/a2-222-schedules.nw by 'make tangle'. Edit the book, not this file. */
/* sched-mnist: training loss and rate of a small MNIST network under each
   learning-rate schedule.  Usage: sched-mnist OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "nn.h"
#include "experiment.h"
#include "learning.h"

enum { SUBSET = 10000, VAL = 5000, EPOCHS = 12, BATCH = 64, HIDDEN = 64 };
static const double LR = 0.2, MOMENTUM = 0.9, CUT = 0.2, EXP_GAMMA = 0.75;

/* <<step the schedule at the end of an epoch>> */
typedef struct sched_run {
    nn_schedule sched;
    nn_optim   *opt;
    FILE       *dat;            /* epoch, train loss, val loss, val acc, rate */
    double      loss, acc;      /* the last epoch's training loss, val acc */
} sched_run;

static int sched_on_epoch(void *ctx, const nn_epoch_stats *st)
{
    sched_run *r = ctx;
    if (st->epoch == 0)                         /* evaluation only */
        return 0;
    double lr = nn_optim_lr(r->opt);            /* the rate of this epoch */
    nn_optim_set_lr(r->opt, nn_sched_step(&r->sched, st->val_loss));
    fprintf(r->dat, "%zu %.6g %.6g %.6g %.6g\n", st->epoch, st->train_loss,
            st->val_loss, 100 * st->val_acc, lr);
    r->loss = st->train_loss, r->acc = 100 * st->val_acc;
    return 0;
}
/* <<train the network under one schedule>> */
static nn_net *schedule_net_and_optimizer(const nn_sched_config *sc, sched_run *r)
{
    const size_t sizes[] = { 784, HIDDEN, 10 };
    nn_rng init;
    nn_rng_seed(&init, XP_SEED, 41);
    nn_net *net;
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), BATCH, &init)
        != NN_OK || nn_sched_init(&r->sched, sc) != NN_OK)
        xp_die("cannot build the network or the schedule");
    size_t np;
    nn_net_params(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = r->sched.lr, oc.momentum = MOMENTUM;
    if (nn_optim_create(&r->opt, &oc, np) != NN_OK)
        xp_die("cannot create the optimizer");
    return net;
}
/* <<train the network under one schedule>> */
static void run_schedule(const nn_sched_config *sc, const nn_dataset *fit,
                         const nn_dataset *val, sched_run *r)
{
    nn_rng order;
    nn_rng_seed(&order, XP_SEED, 42);
    nn_net *net = schedule_net_and_optimizer(sc, r);
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = EPOCHS, cfg.batch = BATCH;
    cfg.on_epoch = sched_on_epoch, cfg.ctx = r;
    nn_error err = { NN_OK, "" };
    if (nn_train(net, r->opt, &cfg, fit, val, &order, &err) != NN_OK)
        xp_die(err.msg);
    nn_net_free(net), nn_optim_free(r->opt);
}
/* <<the schedules of the MNIST runs>> */
enum { N_RUNS = 6 };
static const char *const run_names[N_RUNS] = {
    "constant", "step", "exp", "cosine", "warmup-cosine", "plateau" };

static nn_sched_config run_schedule_config(int k)
{
    nn_sched_config c;
    if (nn_sched_parse(run_names[k], LR, &c) != NN_OK)
        xp_die("unknown schedule");
    c.step_size = EPOCHS / 3, c.gamma = k == 2 ? EXP_GAMMA : CUT;
    c.t_max = EPOCHS, c.warmup = 2;
    c.patience = 1, c.factor = CUT;
    return c;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train, fit, val;
    xp_load_mnist("train", &train);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 40);
    if (nn_dataset_split(&train, VAL, &rng, &fit, &val) != NN_OK)
        xp_die("cannot split the training set");
    nn_dataset sub = nn_dataset_view(&fit, 0, SUBSET);
    /* <<train under every schedule and write the results>> */
    FILE *num = xp_open(dir, "numbers.tex");
    int best = 1, best_acc = 0;
    double loss[N_RUNS], acc[N_RUNS];
    for (int k = 0; k < N_RUNS; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s.dat", run_names[k]);
        sched_run r = { .dat = xp_open(dir, name) };
        nn_sched_config c = run_schedule_config(k);
        run_schedule(&c, &sub, &val, &r);
        xp_close(r.dat);
        loss[k] = r.loss, acc[k] = r.acc;
        printf("%-14s train loss %.4f, validation accuracy %.2f%%\n", run_names[k],
               loss[k], acc[k]);
        best = k > 0 && loss[k] < loss[best] ? k : best;
        best_acc = acc[k] > acc[best_acc] ? k : best_acc;
    }
    /* <<define the numbers of the MNIST runs>> */
    xp_def(num, "SchedMnistN", "%d", SUBSET);
    xp_def(num, "SchedMnistVal", "%d", VAL);
    xp_def(num, "SchedMnistEpochs", "%d", EPOCHS);
    xp_def(num, "SchedMnistBatch", "%d", BATCH);
    xp_def(num, "SchedMnistHidden", "%d", HIDDEN);
    xp_def(num, "SchedMnistLr", "%g", LR);
    xp_def(num, "SchedMnistMomentum", "%g", MOMENTUM);
    xp_def(num, "SchedMnistCut", "%g", 1 / CUT);
    xp_def(num, "SchedMnistConstLoss", "%.4f", loss[0]);
    xp_def(num, "SchedMnistConstAcc", "%.2f", acc[0]);
    xp_def(num, "SchedMnistBestName", "%s", run_names[best]);
    xp_def(num, "SchedMnistBestLoss", "%.4f", loss[best]);
    xp_def(num, "SchedMnistBestAccName", "%s", run_names[best_acc]);
    xp_def(num, "SchedMnistBestAccuracy", "%.2f", acc[best_acc]);
    xp_close(num);
    nn_dataset_free(&train);
    return 0;
}

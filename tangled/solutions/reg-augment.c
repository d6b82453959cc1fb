/* Tangled from book/a7-solutions.nw by 'make tangle'. Edit the book, not this file. */
/* Solution of the graded exercise reg-augment. */
#include <math.h>
#include <string.h>
#include "exercise.h"

#define TARGET_ACCURACY 98.8    /* percent of the test images */

/* <<the augmentation exercise's fixed settings>> */
enum { N_IN = 784, HIDDEN = 800, N_OUT = 10, BATCH = 128, EPOCHS = 25 };
static const double MOMENTUM = 0.9;

/* <<the augmentation solution's settings>> */
static const double PEAK_LR = 0.05;

static nn_augment augment_settings(void)
{
    nn_augment a = nn_augment_defaults();
    a.transforms = NN_AUG_SHIFT | NN_AUG_ROTATE | NN_AUG_ELASTIC;
    a.shift = 2, a.rotate = 10, a.alpha = 16, a.sigma = 4;
    return a;
}

/* <<the augmentation exercise's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
static void augment_self_check(const nn_dataset *fit, const nn_augment *a)
{
    enum { N = 1000 };
    const char *why = nn_augment_check(a, 28, 28);
    if (why) {
        printf("self-check: the settings are refused: %s\n", why);
        ex_die("fix augment_settings");
    }
    nn_real x[N_IN], y[N_IN], work[4 * N_IN + 64];
    nn_rng r;
    nn_rng_seed(&r, EX_SEED, 9);
    double ink = 0, kept = 0, moved = 0;
    for (size_t i = 0; i < N; i++) {
        memcpy(x, nn_dataset_rows(fit, i, 1, x), sizeof x);
        memcpy(y, x, sizeof y);
        nn_augment_batch(a, 1, 28, 28, y, work, &r);
        for (size_t j = 0; j < N_IN; j++)
            ink += x[j], kept += y[j], moved += fabs((double)y[j] - (double)x[j]);
    }
    printf("self-check: the copies keep %.1f%% of the ink; %.1f%% of it moves%s\n",
           100 * kept / ink, 100 * moved / ink, kept < 0.9 * ink
           ? " (too strong: the digits leave the frame)" : moved == 0
           ? " (no augmentation)" : "");
}
/* <<the augmentation exercise's scaffolding>> */
typedef struct aug_run {
    nn_optim *opt;
    double seconds;
} aug_run;

static int aug_on_epoch(void *ctx, const nn_epoch_stats *s)
{
    aug_run *run = ctx;
    run->seconds += s->seconds;
    if (s->epoch > 0)
        ex_epoch_line(s->epoch, s->train_loss, 100 * s->val_acc, run->seconds);
    nn_optim_set_lr(run->opt, PEAK_LR * (1 + cos(3.14159265358979323846
                                                 * (double)s->epoch / EPOCHS)) / 2);
    return 0;
}
/* <<the augmentation exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    ex_split(&train, &fit, &val);
    nn_augment aug = augment_settings();
    augment_self_check(&fit, &aug);
    /* <<build the augmentation exercise's network and optimizer>> */
    const size_t sizes[] = { N_IN, HIDDEN, N_OUT };
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *net;
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 256, &rng) != NN_OK)
        ex_die("cannot build the network");
    size_t np;
    nn_net_params(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = PEAK_LR, oc.momentum = MOMENTUM;
    nn_optim *opt;
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        ex_die("cannot create the optimizer");
    aug_run run = { opt, 0 };
    printf("reg-augment: 784-%d-10 ReLU, batches of %d, %d epochs, peak rate %g\n",
           HIDDEN, BATCH, EPOCHS, PEAK_LR);
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = EPOCHS, cfg.batch = BATCH, cfg.augment = &aug;
    cfg.on_epoch = aug_on_epoch, cfg.ctx = &run;
    nn_error err = { NN_OK, "" };
    if (nn_train(net, opt, &cfg, &fit, &val, &rng, &err) != NN_OK)
        ex_die(err.msg);
    ex_report(net, &test, TARGET_ACCURACY, run.seconds);
    return 0;
}

/* Tangled from book/a7-exercises.nw by 'make tangle'. Edit the book, not this file. */
/* Graded exercise best-challenge (the book's chapter "The best MLP"): any
   multilayer perceptron the library can build and train, trained on the
   50000 training images in at most 10 minutes of a 2-core machine.
   Target: at least 99.0% accuracy on the 10000 test images.  Choose the
   settings (TODO), change challenge_network if you want another network,
   then run `make grade EX=best-challenge`.  The self-check at the start
   makes sure that your network can learn at all. */
#include <math.h>
#include <string.h>
#include "exercise.h"

#define TARGET_ACCURACY 99.0    /* percent of the test images */

/* <<the challenge's settings, to choose>> */
/* TODO: choose all of these. */
static const size_t WIDTHS[] = { 784, 100, 10 };    /* 784 first, 10 last */
static const nn_norm NORMS[] = { NN_NORM_NONE };    /* one per hidden layer */
enum { BLOCKS = 0, BATCH = 128, EPOCHS = 10 };      /* BLOCKS: residual blocks */
static const double DROPOUT = 0;                    /* after each hidden ReLU */

static nn_optim_config challenge_optimizer(void)
{
    nn_optim_config c = nn_optim_default(NN_OPTIM_SGD);    /* TODO */
    c.lr = 0.1, c.momentum = 0;
    return c;
}
/* <<the challenge's settings, to choose>> */
static nn_sched_config challenge_schedule(double lr)
{
    nn_sched_config s = nn_sched_default(NN_SCHED_CONSTANT, lr);   /* TODO */
    s.t_max = EPOCHS;
    return s;
}

static nn_augment challenge_augmentation(void)
{
    nn_augment a = nn_augment_defaults();               /* TODO */
    a.transforms = 0;
    return a;
}
/* <<the challenge's network, to change if you want>> */
_Static_assert(sizeof NORMS / sizeof NORMS[0] + 2 == sizeof WIDTHS / sizeof WIDTHS[0],
               "NORMS needs one entry per hidden layer");

/* The network, built for batches of up to max_batch rows, its parameters
   drawn from rng.  Any network of the library will do, if it takes 784
   inputs and gives 10 scores. */
static nn_net *challenge_network(size_t max_batch, nn_rng *rng)
{
    nn_net *net;
    if (nn_net_mlp_blocks(&net, sizeof WIDTHS / sizeof WIDTHS[0], WIDTHS, NORMS,
                          nn_act_default(NN_ACT_RELU), NN_INIT_HE_NORMAL, DROPOUT,
                          BLOCKS, 1, max_batch, rng) != NN_OK)
        ex_die("cannot build the network: check WIDTHS, NORMS and DROPOUT");
    return net;
}
/* <<the challenge's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
static void challenge_self_check(const nn_dataset *fit)
{
    enum { N = 100, STEPS = 300 };
    nn_dataset few = nn_dataset_view(fit, 0, N);
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 11);
    nn_net *net = challenge_network(N, &rng);
    if (nn_net_n_in(net) != 784 || nn_net_n_out(net) != 10)
        ex_die("the network must take 784 inputs and give 10 scores");
    size_t np;
    nn_net_params(net, &np);
    nn_optim_config oc = challenge_optimizer();
    nn_optim *opt;
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        ex_die("the optimizer's settings are refused: check challenge_optimizer");
    /* <<learn the 100 images by heart, and say whether it worked>> */
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = STEPS, cfg.batch = N;                 /* one step per epoch */
    nn_error err = { NN_OK, "" };
    nn_eval ev;
    if (nn_train(net, opt, &cfg, &few, NULL, &rng, &err) != NN_OK
        || nn_evaluate(net, &cfg.loss, &few, &ev, NULL, NULL) != NN_OK)
        printf("self-check: BUG: training on %d images fails: %s\n", N, err.msg);
    else if (ev.accuracy < 0.99)
        printf("self-check: BUG: after %d steps the network knows only %.0f%% of %d "
               "images it was trained on (a bug in the network, or a learning rate far "
               "off)\n", STEPS, 100 * ev.accuracy, N);
    else
        printf("self-check: the network learns %d images by heart (%.0f%%)\n", N,
               100 * ev.accuracy);
    nn_optim_free(opt), nn_net_free(net);
}
/* <<the challenge's scaffolding>> */
typedef struct challenge_run {
    nn_optim *opt;
    nn_schedule sched;
    double seconds;
} challenge_run;

static int challenge_on_epoch(void *ctx, const nn_epoch_stats *s)
{
    challenge_run *run = ctx;
    run->seconds += s->seconds;
    if (s->epoch == 0)
        return 0;
    ex_epoch_line(s->epoch, s->train_loss, 100 * s->val_acc, run->seconds);
    nn_optim_set_lr(run->opt, nn_sched_step(&run->sched, s->val_loss));
    return 0;
}
/* <<the challenge's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    ex_split(&train, &fit, &val);
    challenge_self_check(&fit);
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *net = challenge_network(BATCH > 1000 ? BATCH : 1000, &rng);
    /* <<set up the challenge's optimizer, schedule and augmentation>> */
    size_t np;
    nn_net_params(net, &np);
    nn_optim_config oc = challenge_optimizer();
    challenge_run run = { 0 };
    nn_sched_config sc = challenge_schedule(oc.lr);
    nn_augment aug = challenge_augmentation();
    if (nn_sched_check(&sc) || nn_sched_init(&run.sched, &sc) != NN_OK)
        ex_die("the schedule's settings are refused: check challenge_schedule");
    if (nn_augment_check(&aug, 28, 28))
        ex_die(nn_augment_check(&aug, 28, 28));
    oc.lr = run.sched.lr;                   /* a warm-up starts below the rate */
    if (nn_optim_create(&run.opt, &oc, np) != NN_OK)
        ex_die("the optimizer's settings are refused: check challenge_optimizer");
    printf("best-challenge: %zu layers, batches of %d, %d epochs, learning rate %g\n",
           nn_net_n_layers(net), BATCH, EPOCHS, oc.lr);
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = EPOCHS, cfg.batch = BATCH, cfg.augment = &aug;
    cfg.on_epoch = challenge_on_epoch, cfg.ctx = &run;
    nn_error err = { NN_OK, "" };
    if (nn_train(net, run.opt, &cfg, &fit, &val, &rng, &err) != NN_OK)
        ex_die(err.msg);
    ex_report(net, &test, TARGET_ACCURACY, run.seconds);
    return 0;
}

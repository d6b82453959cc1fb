/* Tangled from book/a7-solutions.nw by 'make tangle'. Edit the book, not this file. */
/* Solution of the graded exercise sched-warmup. */
#include <math.h>
#include "exercise.h"

#define TARGET_ACCURACY 97.3    /* percent of the test images */

/* <<the schedule exercise's fixed settings>> */
enum { N_IN = 784, HIDDEN = 100, N_OUT = 10, BATCH = 64, EPOCHS = 3 };
static const double MOMENTUM = 0.9;

/* <<the schedule solution's rate>> */
static const double PEAK_LR = 0.1;
static const long WARMUP_STEPS = 500;
static const double START_FACTOR = 0.1, MIN_LR = 0;

static double sched_rate(long t, long T)
{
    if (t < WARMUP_STEPS)
        return PEAK_LR * (START_FACTOR + (1 - START_FACTOR) * (double)t
                                         / (double)WARMUP_STEPS);
    double x = (double)(t - WARMUP_STEPS) / (double)(T - 1 - WARMUP_STEPS);
    return MIN_LR + (PEAK_LR - MIN_LR) * (1 + cos(3.14159265358979323846 * x)) / 2;
}

/* <<the schedule exercise's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
static void sched_self_check(void)
{
    enum { T = 1000 };
    nn_sched_config c = nn_sched_default(NN_SCHED_WARMUP_COSINE, PEAK_LR);
    c.t_max = T - 1, c.warmup = WARMUP_STEPS, c.start_factor = START_FACTOR;
    c.min_lr = MIN_LR;
    nn_schedule s;
    if (nn_sched_init(&s, &c) != NN_OK) {
        printf("self-check: the settings do not make a schedule: %s\n",
               nn_sched_check(&c));
        return;
    }
    double d = 0;
    for (long t = 0; t < T; t++) {
        double want = t == 0 ? s.lr : nn_sched_step(&s, NAN);
        d = fmax(d, fabs(sched_rate(t, T) - want) / fmax(want, 1e-12));
    }
    printf("self-check: your rate %s the library's warm-up and cosine "
           "(relative difference %.1e)\n", d < 1e-9 ? "agrees with" : "DIFFERS from",
           d);
}
/* <<the schedule exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    ex_split(&train, &fit, &val);
    sched_self_check();
    /* <<build the schedule exercise's network and optimizer>> */
    const size_t sizes[] = { N_IN, HIDDEN, N_OUT };
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *net;
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), BATCH, &rng) != NN_OK)
        ex_die("cannot build the network");
    size_t np;
    nn_net_params(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.momentum = MOMENTUM;
    nn_optim *opt;
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        ex_die("cannot create the optimizer");
    nn_real *params = nn_net_params(net, &np), *grads = nn_net_grads(net, &np);
    nn_real *X = malloc(BATCH * N_IN * sizeof *X);
    int *labels = malloc(BATCH * sizeof *labels);
    size_t *order = malloc(fit.n * sizeof *order);
    if (!X || !labels || !order)
        ex_die("out of memory");
    for (size_t k = 0; k < fit.n; k++)
        order[k] = k;
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    long step = 0, steps = EPOCHS * (long)((fit.n + BATCH - 1) / BATCH);
    printf("sched-warmup: 784-%d-10 ReLU, batches of %d, %d epochs, peak rate %g\n",
           HIDDEN, BATCH, EPOCHS, PEAK_LR);
    double seconds = 0;
    for (size_t e = 1; e <= EPOCHS; e++) {
        /* <<train the schedule exercise's network for one epoch>> */
        double sum = 0, t1 = nn_seconds();
        nn_shuffle(fit.n, order, &rng);
        for (size_t i = 0; i < fit.n; i += BATCH, step++) {
            size_t B = fit.n - i < BATCH ? fit.n - i : BATCH;
            const nn_real *Y;
            double loss;
            nn_dataset_gather(&fit, B, order + i, X, labels);
            nn_net_zero_grad(net);                      /* backward adds to them */
            nn_net_forward(net, B, X, 1, &rng, &Y);
            nn_net_loss_backward(net, &L, NULL, labels, &loss);
            if (!isfinite(loss))
                ex_die("the loss is not a finite number: lower the peak rate");
            double lr = sched_rate(step, steps);
            if (!(lr >= 0 && lr < INFINITY))
                ex_die("sched_rate returned a rate that is negative or not finite");
            nn_optim_set_lr(opt, lr);
            nn_optim_step(opt, params, grads);
            sum += loss * (double)B;
        }
        seconds += nn_seconds() - t1;
        ex_epoch_line(e, sum / (double)fit.n, ex_accuracy(net, &val), seconds);
    }
    ex_report(net, &test, TARGET_ACCURACY, seconds);
    return 0;
}

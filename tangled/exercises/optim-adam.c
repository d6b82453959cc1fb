/* Tangled from book/a7-exercises.nw by 'make tangle'. Edit the book, not this file. */
/* Graded exercise optim-adam (the book's chapter "Optimizers and
   learning-rate schedules"): Adam's update, on a 784-H1-H2-10 ReLU network of
   the library, trained on the 50000 training images.
   Target: at least 98.0% accuracy on the 10000 test images, with at most
   10 epochs.  Fill in the part marked TODO, choose the settings, then run
   `make grade EX=optim-adam`.  The self-check at the start compares your
   step with the library's Adam; tune on the validation accuracy printed
   after every epoch. */
#include <math.h>
#include <string.h>
#include "exercise.h"

#define TARGET_ACCURACY 98.0    /* percent of the test images */
#define MAX_EPOCHS 10

/* <<the Adam exercise's settings, to choose>> */
enum { N_IN = 784, N_OUT = 10 };
enum { HIDDEN1 = 256, HIDDEN2 = 128, BATCH = 128, EPOCHS = 10 };   /* TODO: choose */
static const double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;      /* TODO: choose */

/* The learning rate after the fraction `done` (0 to 1) of the training. */
static double adam_rate(double done)
{
    (void)done;
    return 0.001;                                       /* TODO: choose */
}

/* <<a step of Adam, to write>> */
/* Step t (1, 2, ...) of Adam on n parameters, with PyTorch's order of
   operations (the chapter's equations); m and v are the two moments, one
   number per parameter each, zero before the first step. */
static void adam_update(size_t n, nn_real *params, const nn_real *grads, nn_real *m,
                        nn_real *v, long t, double lr, double beta1, double beta2,
                        double eps)
{
    /* TODO: as shipped, nothing moves. */
    (void)n, (void)params, (void)grads, (void)m, (void)v, (void)t, (void)lr;
    (void)beta1, (void)beta2, (void)eps;
}

/* <<the Adam exercise's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
static void adam_self_check(void)
{
    enum { P = 6, STEPS = 4 };
    nn_rng r;
    nn_rng_seed(&r, EX_SEED, 3);
    nn_real p1[P] = { 0 }, p2[P] = { 0 }, m[P] = { 0 }, v[P] = { 0 }, g[P];
    nn_optim_config oc = nn_optim_default(NN_OPTIM_ADAM);
    oc.lr = 0.01;
    nn_optim *o;
    if (nn_optim_create(&o, &oc, P) != NN_OK)
        ex_die("cannot create the library's optimizer");
    /* <<compare Adam steps with the library's, step by step>> */
    int bad = 0;
    double dp = 0;
    for (long t = 1; t <= STEPS && !bad; t++) {
        for (size_t i = 0; i < P; i++)
            g[i] = (nn_real)(nn_rng_normal(&r) * (i == P - 1 ? 1e-8 : 1));
        adam_update(P, p1, g, m, v, t, oc.lr, oc.beta1, oc.beta2, oc.eps);
        nn_optim_step(o, p2, g);
        for (size_t i = 0; i < P; i++)
            dp = fmax(dp, fabs((double)p1[i] - (double)p2[i]));
        if (!(dp < 1e-6))
            bad = (int)t;
    }
    if (bad)
        printf("self-check: Adam step DISAGREES with the library's from step %d "
               "(difference %.1e)\n", bad, dp);
    else
        printf("self-check: Adam step agrees with the library's (difference %.1e)\n",
               dp);
    nn_optim_free(o);
}
/* <<the Adam exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    if (EPOCHS > MAX_EPOCHS)
        ex_die("this exercise allows at most 10 epochs");
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    ex_split(&train, &fit, &val);
    adam_self_check();
    const size_t sizes[] = { N_IN, HIDDEN1, HIDDEN2, N_OUT };
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *net;
    nn_act relu = nn_act_default(NN_ACT_RELU);
    if (nn_net_mlp(&net, 4, sizes, relu, BATCH, &rng) != NN_OK)
        ex_die("cannot build the network");
    /* <<allocate the Adam exercise's buffers>> */
    size_t np, steps = EPOCHS * ((fit.n + BATCH - 1) / BATCH);
    long t = 0;
    nn_real *params = nn_net_params(net, &np), *grads = nn_net_grads(net, &np);
    nn_real *m = calloc(np, sizeof *m), *v = calloc(np, sizeof *v);
    nn_real *X = malloc(BATCH * N_IN * sizeof *X);
    nn_real *dY = malloc(BATCH * N_OUT * sizeof *dY);
    int *labels = malloc(BATCH * sizeof *labels);
    size_t *order = malloc(fit.n * sizeof *order);
    if (!m || !v || !X || !dY || !labels || !order)
        ex_die("out of memory");
    for (size_t k = 0; k < fit.n; k++)
        order[k] = k;
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    printf("optim-adam: 784-%d-%d-10 ReLU, batches of %d, %d epochs\n", HIDDEN1,
           HIDDEN2, BATCH, EPOCHS);
    double seconds = 0;
    for (size_t e = 1; e <= EPOCHS; e++) {
        /* <<train the Adam exercise's network for one epoch>> */
        double sum = 0, t1 = nn_seconds();
        nn_shuffle(fit.n, order, &rng);
        for (size_t i = 0; i < fit.n; i += BATCH) {
            size_t B = fit.n - i < BATCH ? fit.n - i : BATCH;
            const nn_real *Y;
            nn_dataset_gather(&fit, B, order + i, X, labels);
            nn_net_zero_grad(net);                      /* backward adds to them */
            nn_net_forward(net, B, X, 1, &rng, &Y);
            double loss = nn_loss_eval(&L, B, N_OUT, Y, NULL, labels, dY);
            if (!isfinite(loss))
                ex_die("the loss is not a finite number: lower the learning rate");
            nn_net_backward(net, dY, NULL);
            t++;
            double lr = adam_rate((double)(t - 1) / (double)steps);
            adam_update(np, params, grads, m, v, t, lr, BETA1, BETA2, EPS);
            sum += loss * (double)B;
        }
        seconds += nn_seconds() - t1;
        ex_epoch_line(e, sum / (double)fit.n, ex_accuracy(net, &val), seconds);
    }
    ex_report(net, &test, TARGET_ACCURACY, seconds);
    return 0;
}

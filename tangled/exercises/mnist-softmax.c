/* Tangled from book/a7-exercises.nw by 'make tangle'. Edit the book, not this file. */
/* Graded exercise mnist-softmax (the book's chapter "Learning from data"):
   softmax cross-entropy and SGD with momentum, on a 784-HIDDEN-10 ReLU network
   of the library, trained on the 50000 training images.
   Target: at least 97.0% accuracy on the 10000 test images, with at most
   10 epochs.  Fill in the parts marked TODO, choose the settings, then run
   `make grade EX=mnist-softmax`.  The self-check at the start compares your
   two functions with the library's; tune on the validation accuracy printed
   after every epoch. */
#include <math.h>
#include <string.h>
#include "exercise.h"

#define TARGET_ACCURACY 97.0    /* percent of the test images */
#define MAX_EPOCHS 10

/* <<the softmax exercise's settings, to choose>> */
enum { N_IN = 784, N_OUT = 10 };
enum { HIDDEN = 100, BATCH = 64, EPOCHS = 10 };         /* TODO: choose */
static const double MOMENTUM = 0.9;                     /* TODO: choose */

/* The learning rate after the fraction `done` (0 to 1) of the training. */
static double softmax_rate(double done)
{
    (void)done;
    return 0.01;                                        /* TODO: choose */
}

/* <<the softmax cross-entropy of a batch, to write>> */
/* The mean over the B rows of the cross-entropy of softmax(logits) against
   the labels; grad (B x C) receives its gradient with respect to the logits. */
static double softmax_cross_entropy(size_t B, size_t C, const nn_real *logits,
                                    const int *labels, nn_real *grad)
{
    /* TODO: as shipped, the loss of a uniform guess and a zero gradient. */
    (void)logits, (void)labels;
    memset(grad, 0, B * C * sizeof *grad);
    return log((double)C);
}

/* <<a step of SGD with momentum, to write>> */
/* One step of SGD with momentum on n parameters; v is the velocity, one
   number per parameter, zero before the first step. */
static void sgd_momentum_step(size_t n, nn_real *params, const nn_real *grads,
                              nn_real *v, double lr, double momentum)
{
    /* TODO: as shipped, nothing moves. */
    (void)n, (void)params, (void)grads, (void)v, (void)lr, (void)momentum;
}

/* <<the softmax exercise's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
static void softmax_self_check(void)
{
    enum { B = 4, C = 10, P = 6 };
    nn_rng r;
    nn_rng_seed(&r, EX_SEED, 3);
    nn_real z[B * C], g1[B * C], g2[B * C];
    int lab[B];
    for (size_t i = 0; i < B * C; i++)
        z[i] = (nn_real)(3 * nn_rng_normal(&r));
    for (size_t b = 0; b < B; b++)
        lab[b] = (int)nn_rng_below(&r, C);
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    double dl = fabs(softmax_cross_entropy(B, C, z, lab, g1)
                     - nn_loss_eval(&L, B, C, z, NULL, lab, g2)), dg = 0;
    for (size_t i = 0; i < B * C; i++)
        dg = fmax(dg, fabs((double)g1[i] - (double)g2[i]));
    /* <<compare the momentum step with the library's>> */
    nn_real p1[P] = { 0 }, p2[P] = { 0 }, v[P] = { 0 }, g[P];
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = 0.1, oc.momentum = 0.9;
    nn_optim *o;
    if (nn_optim_create(&o, &oc, P) != NN_OK)
        ex_die("cannot create the library's optimizer");
    for (int step = 0; step < 3; step++) {
        for (size_t i = 0; i < P; i++)
            g[i] = (nn_real)nn_rng_normal(&r);
        sgd_momentum_step(P, p1, g, v, 0.1, 0.9);
        nn_optim_step(o, p2, g);
    }
    double dp = 0;
    for (size_t i = 0; i < P; i++)
        dp = fmax(dp, fabs((double)p1[i] - (double)p2[i]));
    nn_optim_free(o);
    printf("self-check: loss %s the library's (differences %.1e in the loss, %.1e "
           "in the gradient)\n", dl < 1e-5 && dg < 1e-6 ? "agrees with" :
           "DISAGREES with", dl, dg);
    printf("self-check: momentum step %s the library's (difference %.1e)\n",
           dp < 1e-5 ? "agrees with" : "DISAGREES with", dp);
}
/* <<the softmax exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    if (EPOCHS > MAX_EPOCHS)
        ex_die("this exercise allows at most 10 epochs");
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    ex_split(&train, &fit, &val);
    softmax_self_check();
    const size_t sizes[] = { N_IN, HIDDEN, N_OUT };
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *net;
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), BATCH, &rng) != NN_OK)
        ex_die("cannot build the network");
    /* <<allocate the softmax exercise's buffers>> */
    size_t np, steps = EPOCHS * ((fit.n + BATCH - 1) / BATCH);
    nn_real *params = nn_net_params(net, &np), *grads = nn_net_grads(net, &np);
    nn_real *v = calloc(np, sizeof *v), *X = malloc(BATCH * N_IN * sizeof *X);
    nn_real *dY = malloc(BATCH * N_OUT * sizeof *dY);
    int *labels = malloc(BATCH * sizeof *labels);
    size_t *order = malloc(fit.n * sizeof *order);
    if (!v || !X || !dY || !labels || !order)
        ex_die("out of memory");
    for (size_t k = 0; k < fit.n; k++)
        order[k] = k;
    printf("mnist-softmax: 784-%d-10 ReLU, batches of %d, %d epochs\n", HIDDEN, BATCH,
           EPOCHS);
    double seconds = 0;
    for (size_t e = 1, step = 0; e <= EPOCHS; e++) {
        /* <<train the softmax exercise's network for one epoch>> */
        double sum = 0, t1 = nn_seconds();
        nn_shuffle(fit.n, order, &rng);
        for (size_t i = 0; i < fit.n; i += BATCH, step++) {
            size_t B = fit.n - i < BATCH ? fit.n - i : BATCH;
            const nn_real *Y;
            nn_dataset_gather(&fit, B, order + i, X, labels);
            nn_net_forward(net, B, X, 1, &rng, &Y);
            double loss = softmax_cross_entropy(B, N_OUT, Y, labels, dY);
            if (!isfinite(loss))
                ex_die("the loss is not a finite number: lower the learning rate");
            nn_net_zero_grad(net);
            nn_net_backward(net, dY, NULL);
            sgd_momentum_step(np, params, grads, v, softmax_rate((double)step / (double)steps),
                              MOMENTUM);
            sum += loss * (double)B;
        }
        seconds += nn_seconds() - t1;
        ex_epoch_line(e, sum / (double)fit.n, ex_accuracy(net, &val), seconds);
    }
    ex_report(net, &test, TARGET_ACCURACY, seconds);
    return 0;
}

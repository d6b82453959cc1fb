/* Tangled from book/a7-exercises.nw by 'make tangle'. Edit the book, not this file. */
/* Graded exercise init-deep (the book's chapter "Initialization"): make a
   deep ReLU network train by choosing its initial weights.  The network is
   784-64-64-64-64-64-64-64-64-64-10 (ten dense layers, ReLU after each but the
   last), trained on the 50000 training images with the settings below.
   Target: at least 97.0% accuracy on the 10000 test images.  Write deep_init,
   then run `make grade EX=init-deep`.  The self-check at the start draws a
   large layer with your function and says what its variance does to the
   signal. */
#include <math.h>
#include <string.h>
#include "exercise.h"

#define TARGET_ACCURACY 97.0    /* percent of the test images */

/* <<the deep network's initialisation, to write>> */
/* Fill the n_in x n_out weight matrix W (row-major: W[i * n_out + j] weighs
   input i into unit j) with random initial weights drawn from rng
   (nn_rng_normal: mean 0, variance 1; nn_rng_uniform: uniform in [0, 1)). */
static void deep_init(size_t n_in, size_t n_out, nn_real *W, nn_rng *rng)
{
    /* TODO: choose the distribution.  As shipped: N(0, 0.01^2), which stalls. */
    for (size_t i = 0; i < n_in * n_out; i++)
        W[i] = (nn_real)(0.01 * nn_rng_normal(rng));
}

/* <<the deep exercise's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
enum { N_IN = 784, WIDTH = 64, DEPTH = 10, N_OUT = 10, BATCH = 64, EPOCHS = 10 };
static const double LR = 0.01, MOMENTUM = 0.9, PI = 3.14159265358979323846;
/* <<the deep exercise's scaffolding>> */
static void deep_self_check(void)
{
    enum { NI = 1000, NO = 500 };
    nn_real *W = malloc(NI * NO * sizeof *W);
    nn_rng r;
    if (!W)
        ex_die("out of memory");
    nn_rng_seed(&r, EX_SEED, 3);
    deep_init(NI, NO, W, &r);
    /* <<measure the mean and variance of the drawn layer>> */
    double sum = 0, sum2 = 0;
    int bad = 0;
    for (size_t i = 0; i < (size_t)NI * NO; i++) {
        bad |= !isfinite((double)W[i]);
        sum += W[i];
        sum2 += (double)W[i] * W[i];
    }
    double mean = sum / (NI * NO), var = sum2 / (NI * NO) - mean * mean;
    free(W);
    if (bad || var <= 0 || fabs(mean) > 5 * sqrt(var / (NI * NO))) {
        printf("self-check: BUG: the weights are %s\n", bad ? "not all finite numbers"
               : var <= 0 ? "all equal" : "not centred on zero");
        return;
    }
    double factor = sqrt(NI * var / 2);
    printf("self-check: mean %.2g, n_in x variance %.3g: each ReLU layer scales the "
           "signal by about %.3g, nine of them by %.3g\n", mean, NI * var, factor,
           pow(factor, 9));
}
/* <<the deep exercise's scaffolding>> */
static nn_net *deep_net(nn_rng *rng)
{
    size_t sizes[DEPTH + 1];
    nn_net *net;
    sizes[0] = N_IN, sizes[DEPTH] = N_OUT;
    for (int l = 1; l < DEPTH; l++)
        sizes[l] = WIDTH;
    if (nn_net_mlp(&net, DEPTH + 1, sizes, nn_act_default(NN_ACT_RELU), BATCH, rng)
        != NN_OK)
        ex_die("cannot build the network");
    for (size_t i = 0; i < nn_net_n_layers(net); i += 2) {
        nn_layer *l = nn_net_layer(net, i);
        deep_init(l->n_in, l->n_out, l->params, rng);
        memset(l->params + l->n_in * l->n_out, 0, l->n_out * sizeof *l->params);
    }
    return net;
}
/* <<the deep exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    ex_split(&train, &fit, &val);
    deep_self_check();
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *net = deep_net(&rng);
    /* <<set up the deep exercise's training>> */
    size_t np, steps = EPOCHS * ((fit.n + BATCH - 1) / BATCH);
    nn_real *params = nn_net_params(net, &np), *grads = nn_net_grads(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = LR, oc.momentum = MOMENTUM;
    nn_optim *opt;
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    nn_real *X = malloc(BATCH * N_IN * sizeof *X);
    int *labels = malloc(BATCH * sizeof *labels);
    size_t *order = malloc(fit.n * sizeof *order);
    if (!X || !labels || !order || nn_optim_create(&opt, &oc, np) != NN_OK)
        ex_die("out of memory");
    for (size_t k = 0; k < fit.n; k++)
        order[k] = k;
    double seconds = 0;
    printf("init-deep: 784-64x9-10 ReLU, SGD lr %g momentum %g, batches of %d, "
           "%d epochs\n", LR, MOMENTUM, BATCH, EPOCHS);
    for (size_t e = 1, step = 0; e <= EPOCHS; e++) {
        /* <<train the deep exercise's network for one epoch>> */
        double sum = 0, t1 = nn_seconds();
        nn_shuffle(fit.n, order, &rng);
        for (size_t i = 0; i < fit.n; i += BATCH, step++) {
            size_t B = fit.n - i < BATCH ? fit.n - i : BATCH;
            const nn_real *Y;
            double loss;
            nn_dataset_gather(&fit, B, order + i, X, labels);
            nn_net_zero_grad(net);                      /* backward adds to them */
            if (nn_net_forward(net, B, X, 1, &rng, &Y) != NN_OK
                || nn_net_loss_backward(net, &L, NULL, labels, &loss) != NN_OK)
                ex_die("a training step failed");
            if (!isfinite(loss))
                ex_die("the loss is not a finite number: the weights are far too large");
            nn_optim_set_lr(opt, LR * 0.5 * (1 + cos(PI * (double)step / (double)steps)));
            nn_optim_step(opt, params, grads);
            sum += loss * (double)B;
        }
        seconds += nn_seconds() - t1;
        ex_epoch_line(e, sum / (double)fit.n, ex_accuracy(net, &val), seconds);
    }
    ex_report(net, &test, TARGET_ACCURACY, seconds);
    return 0;
}

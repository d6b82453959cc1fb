/* Tangled from book/a2-230-init.nw by 'make tangle'. Edit the book, not this file. */
/* init-symmetry: a network whose weights all start equal keeps its hidden
   units identical; one with random weights does not.
   Usage: init-symmetry OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { POINTS = 200, HIDDEN = 8, STEPS = 3000 };
static const double LR = 0.5, SYM_CONST = 0.5;

/* <<build the symmetry experiment's network>> */
static nn_net *sym_net(int equal, nn_rng *rng)
{
    const size_t sizes[] = { 2, HIDDEN, 2 };
    nn_net *net;
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_TANH), POINTS, rng) != NN_OK)
        xp_die("cannot build the network");
    for (size_t i = 0; equal && i < nn_net_n_layers(net); i += 2) {
        nn_layer *l = nn_net_layer(net, i);
        for (size_t k = 0; k < l->n_params; k++)
            l->params[k] = (nn_real)(k < l->n_in * l->n_out ? SYM_CONST : 0);
    }
    return net;
}
/* <<one step of full-batch gradient descent>> */
static double sym_step(nn_net *net, const nn_real *X, const int *labels, double lr)
{
    const nn_real *Y;
    double loss;
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    size_t n;
    nn_real *p = nn_net_params(net, &n), *g = nn_net_grads(net, &n);
    nn_net_zero_grad(net);              /* backward adds to the gradients */
    if (nn_net_forward(net, POINTS, X, 1, NULL, &Y) != NN_OK
        || nn_net_loss_backward(net, &L, NULL, labels, &loss) != NN_OK)
        xp_die("a training step failed");
    nn_gd_step(n, p, g, (nn_real)lr);
    return loss;
}
/* <<record the first weights of four hidden units>> */
static void sym_record(FILE *out, int step, int run, const nn_real *W1, double loss)
{
    if (step % 10 != 0)
        return;
    fprintf(out, "%d %d %.6g", step, run, loss);
    for (int j = 0; j < 4; j++)
        fprintf(out, " %.6g", (double)W1[j]);
    fprintf(out, "\n");
}
/* <<the training accuracy of the symmetry network>> */
static double sym_accuracy(nn_net *net, const nn_real *X, const int *labels)
{
    const nn_real *Y;
    int right = 0;
    if (nn_net_forward(net, POINTS, X, 0, NULL, &Y) != NN_OK)
        xp_die("the forward pass failed");
    for (int k = 0; k < POINTS; k++)
        right += (Y[2 * k + 1] > Y[2 * k]) == labels[k];
    return 100.0 * right / POINTS;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    /* <<draw the XOR points>> */
    static nn_real X[2 * POINTS];
    int labels[POINTS];
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 1);
    for (int k = 0; k < POINTS; k++) {
        X[2 * k] = (nn_real)(2 * nn_rng_uniform(&rng) - 1);
        X[2 * k + 1] = (nn_real)(2 * nn_rng_uniform(&rng) - 1);
        labels[k] = X[2 * k] * X[2 * k + 1] > 0;
    }
    FILE *out = xp_open(dir, "symmetry.dat");
    double spread = 0, acc[2];
    {
        /* <<train a network whose weights all start equal>> */
        nn_net *net = sym_net(1, &rng);                 /* every weight SYM_CONST */
        for (int step = 0; step <= STEPS; step++) {
            double loss = sym_step(net, X, labels, step < STEPS ? LR : 0);
            nn_real *W1 = nn_net_layer(net, 0)->params;   /* 2 x HIDDEN */
            for (int i = 0; i < 2 * HIDDEN; i++)          /* (eq:init-symmetry) */
                spread = fmax(spread, fabs((double)W1[i] - W1[i / HIDDEN * HIDDEN]));
            sym_record(out, step, 0, W1, loss);
        }
        acc[0] = sym_accuracy(net, X, labels);
        nn_net_free(net);
    }
    /* <<train the same network from random weights>> */
    nn_net *net = sym_net(0, &rng);
    for (int step = 0; step <= STEPS; step++) {
        double loss = sym_step(net, X, labels, step < STEPS ? LR : 0);
        sym_record(out, step, 1, nn_net_layer(net, 0)->params, loss);
    }
    acc[1] = sym_accuracy(net, X, labels);
    nn_net_free(net);
    /* <<write the symmetry experiment's numbers>> */
    FILE *num = xp_open(dir, "numbers.tex");
    xp_def(num, "InitSymHidden", "%d", HIDDEN);
    xp_def(num, "InitSymPoints", "%d", POINTS);
    xp_def(num, "InitSymSteps", "%d", STEPS);
    xp_def(num, "InitSymConst", "%g", SYM_CONST);
    xp_def(num, "InitSymSpread", "%g", spread);
    xp_def(num, "InitSymAccEqual", "%.1f", acc[0]);
    xp_def(num, "InitSymAccRandom", "%.1f", acc[1]);
    printf("equal weights: spread %g, accuracy %.1f%%; random: %.1f%%\n", spread, acc[0],
           acc[1]);
    xp_close(num);
    xp_close(out);
    return 0;
}

/* Tangled from book/a2-140-backprop.nw by 'make tangle'. Edit the book, not this file. */
/* backprop-fd-error: the error of central differences as a function of the step h,
   for tanh in double and in single precision, and for a network's gradient.
   Usage: backprop-fd-error OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { STEPS = 45, B = 5 };
static const double x0 = 0.5;

/* <<the central-difference error for tanh in two precisions>> */
static double fd_error_double(double h)
{
    double exact = 1 - tanh(x0) * tanh(x0);
    double fd = (tanh(x0 + h) - tanh(x0 - h)) / (2 * h);
    return fabs(fd - exact) / exact;
}

static double fd_error_float(double h)
{
    double exact = 1 - tanh(x0) * tanh(x0);
    float up = (float)x0 + (float)h, down = (float)x0 - (float)h;
    double fd = ((double)tanhf(up) - tanhf(down)) / ((double)up - (double)down);
    return fabs(fd - exact) / exact;
}
/* <<the largest relative error of a network's gradient for one step>> */
static double net_error(nn_net *net, const nn_real *X, const int *labels, double h)
{
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    nn_gradcheck_result res;
    if (nn_net_gradcheck(net, &L, B, X, NULL, labels, NULL, h, 1e-3, &res, NULL)
        != NN_OK)
        xp_die("gradient check failed to run");
    return res.max_err;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 5);
    /* <<build a small network and a batch to check>> */
    const size_t sizes[] = { 4, 6, 5, 3 };
    nn_net *net;
    if (nn_net_mlp(&net, 4, sizes, nn_act_default(NN_ACT_TANH), B, &rng) != NN_OK)
        xp_die("cannot build the network");
    nn_real X[B * 4];
    int labels[B];
    for (int i = 0; i < B * 4; i++)
        X[i] = (nn_real)nn_rng_normal(&rng);
    for (int k = 0; k < B; k++)
        labels[k] = (int)nn_rng_below(&rng, 3);
    FILE *out = xp_open(dir, "error.dat"), *num = xp_open(dir, "numbers.tex");
    /* <<sweep the step from $10^{-12}$ to 1>> */
    double best[3] = { INFINITY, INFINITY, INFINITY }, best_h[3] = { 0, 0, 0 };
    for (int k = 0; k < STEPS; k++) {
        double h = pow(10, -12 + 12.0 * k / (STEPS - 1));
        double e[3] = { fd_error_double(h), fd_error_float(h),
                        net_error(net, X, labels, h) };
        fprintf(out, "%.6g %.6g %.6g %.6g\n", h, e[0], e[1], e[2]);
        for (int i = 0; i < 3; i++)
            if (e[i] < best[i])
                best[i] = e[i], best_h[i] = h;
    }
    /* <<write the best steps and their errors>> */
    char buf[64];
    xp_def(num, "BpFdBestHDouble", "%s", xp_tex_sci(buf, best_h[0], 0));
    xp_def(num, "BpFdBestDouble", "%s", xp_tex_sci(buf, best[0], 0));
    xp_def(num, "BpFdBestHFloat", "%s", xp_tex_sci(buf, best_h[1], 0));
    xp_def(num, "BpFdBestFloat", "%s", xp_tex_sci(buf, best[1], 0));
    xp_def(num, "BpFdBestHNet", "%s", xp_tex_sci(buf, best_h[2], 0));
    xp_def(num, "BpFdBestNet", "%s", xp_tex_sci(buf, best[2], 0));
    xp_close(out);
    xp_close(num);
    nn_net_free(net);
    return 0;
}

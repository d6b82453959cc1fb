/* Tangled from book/a2-110-activations.nw by 'make tangle'. Edit the book, not this file. */
/* act-vanishing: the derivative of an activation composed with itself k times,
   computed by a forward and a backward pass through k copies.
   Usage: act-vanishing OUTDIR */
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { SAMPLES = 801, SHOWN = 5, DEPTH = 20 };

/* <<differentiate a k-fold composition by the chain rule>> */
static void composed_slope(nn_act_kind kind, int k, size_t n, const nn_real *x,
                           nn_real *slope)
{
    static nn_real h[DEPTH + 1][SAMPLES];
    nn_act f = nn_act_default(kind);
    for (size_t i = 0; i < n; i++) {
        h[0][i] = x[i];
        slope[i] = 1;
    }
    for (int l = 1; l <= k; l++)
        nn_act_forward(&f, 1, n, h[l - 1], h[l]);
    for (int l = k; l >= 1; l--)
        nn_act_backward(&f, 1, n, h[l - 1], h[l], slope, slope);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    FILE *num = xp_open(dir, "numbers.tex");
    /* <<write the derivative of composed sigmoids on a grid>> */
    static nn_real x[SAMPLES], d[SHOWN][SAMPLES];
    for (int i = 0; i < SAMPLES; i++)
        x[i] = (nn_real)(-8 + 16.0 * i / (SAMPLES - 1));
    for (int k = 1; k <= SHOWN; k++)
        composed_slope(NN_ACT_SIGMOID, k, SAMPLES, x, d[k - 1]);
    FILE *g = xp_open(dir, "grid.dat");
    for (int i = 0; i < SAMPLES; i++) {
        fprintf(g, "%g", (double)x[i]);
        for (int k = 0; k < SHOWN; k++)
            fprintf(g, " %.6g", (double)d[k][i]);
        fprintf(g, "\n");
    }
    xp_close(g);
    xp_def(num, "VanSamples", "%d", SAMPLES);
    xp_def(num, "VanShown", "%d", SHOWN);
    /* <<write the derivative at one point against the depth>> */
    const nn_act_kind kinds[3] = { NN_ACT_SIGMOID, NN_ACT_TANH, NN_ACT_RELU };
    double at[3][DEPTH + 1];
    FILE *dep = xp_open(dir, "depth.dat");
    for (int k = 1; k <= DEPTH; k++) {
        for (int a = 0; a < 3; a++) {
            nn_real one = 1, s;
            composed_slope(kinds[a], k, 1, &one, &s);
            at[a][k] = s;
        }
        fprintf(dep, "%d %.6g %.6g %.6g\n", k, at[0][k], at[1][k], at[2][k]);
    }
    xp_close(dep);
    char buf[64];
    xp_def(num, "VanDepth", "%d", DEPTH);
    xp_def(num, "VanSigTen", "%s", xp_tex_sci(buf, at[0][10], 1));
    xp_def(num, "VanSigDepth", "%s", xp_tex_sci(buf, at[0][DEPTH], 1));
    xp_def(num, "VanTanhTen", "%.3f", at[1][10]);
    xp_def(num, "VanTanhDepth", "%.3f", at[1][DEPTH]);
    printf("slope at x=1 after %d layers: sigmoid %g, tanh %g, relu %g\n",
           DEPTH, at[0][DEPTH], at[1][DEPTH], at[2][DEPTH]);
    /* <<find the sigmoid's fixed point and its slope>> */
    nn_act sig = nn_act_default(NN_ACT_SIGMOID);
    nn_real fix = 1;
    for (int i = 0; i < 100; i++)
        nn_act_forward(&sig, 1, 1, &fix, &fix);
    xp_def(num, "VanSigFix", "%.4f", (double)fix);
    xp_def(num, "VanSigFixSlope", "%.4f", (double)fix * (1 - (double)fix));
    xp_close(num);
    return 0;
}

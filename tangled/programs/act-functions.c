/* Tangled from book/a2-110-activations.nw by 'make tangle'. Edit the book, not this file. */
/* act-functions: every element-wise activation and its derivative on a grid,
   and the values the chapter on activations quotes.  Usage: act-functions OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { SAMPLES = 801 };

/* <<write an activation and its derivative on a grid>> */
static void write_curve(const char *dir, nn_act f, nn_real *y, nn_real *slope)
{
    nn_real x[SAMPLES], ones[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
        x[i] = (nn_real)(-4 + 8.0 * i / (SAMPLES - 1));
        ones[i] = 1;
    }
    nn_act_forward(&f, 1, SAMPLES, x, y);
    nn_act_backward(&f, 1, SAMPLES, x, y, ones, slope);
    char file[64];
    snprintf(file, sizeof file, "%s.dat", nn_act_name(f.kind));
    FILE *o = xp_open(dir, file);
    for (int i = 0; i < SAMPLES; i++)
        fprintf(o, "%g %.7g %.7g\n", (double)x[i], (double)y[i], (double)slope[i]);
    xp_close(o);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    FILE *num = xp_open(dir, "numbers.tex");
    /* <<write the curves of the gallery>> */
    const nn_act_kind shown[] = { NN_ACT_STEP, NN_ACT_SIGMOID, NN_ACT_TANH,
                                  NN_ACT_RELU, NN_ACT_LEAKY_RELU, NN_ACT_ELU,
                                  NN_ACT_SOFTPLUS };
    static nn_real y[SAMPLES], slope[SAMPLES];
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        nn_act f = nn_act_default(shown[i]);
        if (shown[i] == NN_ACT_LEAKY_RELU)
            f.alpha = 0.1;              /* the default 0.01 would look flat */
        write_curve(dir, f, y, slope);
    }
    /* <<compare the two forms of GELU>> */
    static nn_real ye[SAMPLES], se[SAMPLES], yt[SAMPLES], st[SAMPLES];
    nn_act gelu = nn_act_default(NN_ACT_GELU_ERF);
    write_curve(dir, gelu, ye, se);
    write_curve(dir, nn_act_default(NN_ACT_GELU_TANH), yt, st);
    FILE *gd = xp_open(dir, "gelu-diff.dat");
    double worst = 0;
    for (int i = 0; i < SAMPLES; i++) {
        double dv = (double)yt[i] - ye[i], ds = (double)st[i] - se[i];
        fprintf(gd, "%g %.4g %.4g\n", -4 + 8.0 * i / (SAMPLES - 1), dv, ds);
        worst = fmax(worst, fabs(dv));
    }
    xp_close(gd);
    char buf[64];
    xp_def(num, "ActGeluDiff", "$%s$", xp_tex_sci(buf, worst, 1));
    /* <<find GELU's minimum where its derivative vanishes>> */
    nn_real lo = -2, hi = 0, one = 1, at, value, d;
    for (int i = 0; i < 40; i++) {
        at = (lo + hi) / 2;
        nn_act_forward(&gelu, 1, 1, &at, &value);
        nn_act_backward(&gelu, 1, 1, &at, &value, &one, &d);
        if (d < 0)
            lo = at;
        else
            hi = at;
    }
    xp_def(num, "ActGeluArgmin", "%.3f", (double)at);
    xp_def(num, "ActGeluMin", "$%.3f$", (double)value);
    /* <<evaluate softmax and log-softmax on large scores>> */
    const nn_real scores[3] = { 1000, 999, 998 };
    nn_real p[3], lp[3];
    nn_act sm = nn_act_default(NN_ACT_SOFTMAX), lsm = nn_act_default(NN_ACT_LOG_SOFTMAX);
    nn_act_forward(&sm, 1, 3, scores, p);
    nn_act_forward(&lsm, 1, 3, scores, lp);
    const char *sm_names[3] = { "ActSmOne", "ActSmTwo", "ActSmThree" };
    const char *lsm_names[3] = { "ActLsmOne", "ActLsmTwo", "ActLsmThree" };
    for (int j = 0; j < 3; j++) {
        xp_def(num, sm_names[j], "%.3f", (double)p[j]);
        xp_def(num, lsm_names[j], "%.3f", (double)lp[j]);
    }
    printf("softmax(1000, 999, 998) = (%g, %g, %g)\n", p[0], p[1], p[2]);
    /* <<measure the cancellation in exp(x) - 1>> */
    const double tiny = -1e-12;
    double naive = exp(tiny) - 1, accurate = expm1(tiny);
    xp_def(num, "ActExpmOneErr", "%s",
           xp_tex_sci(buf, fabs(naive - accurate) / fabs(accurate), 0));
    xp_close(num);
    return 0;
}

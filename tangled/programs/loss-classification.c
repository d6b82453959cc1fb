/* Tangled from book/a2-130-losses.nw by 'make tangle'. Edit the book, not this file. */
/* loss-classification: the binary cross-entropy computed naively and stably;
   the gradient with respect to the logit for sigmoid + squared error and for
   cross-entropy; a saturated neuron trained with each.
   Usage: loss-classification OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { STEPS = 200 };
static const double start_w = -3, start_b = -3, eta = 1, input = 1;

static double logistic(double z)
{
    return nn_sigmoid(z);
}

/* <<compare the naive binary cross-entropies with the stable form>> */
static void tex_value(char buf[64], double v)
{
    if (isinf(v))
        snprintf(buf, 64, "\\infty");
    else if (v == 0)
        snprintf(buf, 64, "0");                 /* never "-0" */
    else if (fabs(v) < 1e-3)
        xp_tex_sci(buf, v, 2);
    else
        snprintf(buf, 64, "%.9g", v);
}
/* <<compare the naive binary cross-entropies with the stable form>> */
static void bce_table(FILE *num)
{
    const double xs[4] = { -40, 10, 40, 800 };
    const nn_loss bce = nn_loss_default(NN_LOSS_BCE_LOGITS);
    for (int i = 0; i < 4; i++) {
        nn_real x = (nn_real)xs[i], t = 0;
        double v[3] = { -log(1 - logistic(xs[i])), log(1 + exp(xs[i])),
                        nn_loss_eval(&bce, 1, 1, &x, &t, NULL, NULL) };
        const char *col[3] = { "Naive", "Soft", "Stable" };
        char name[32], buf[64];
        snprintf(name, sizeof name, "LossBceX%c", 'A' + i);
        xp_def(num, name, "%g", xs[i]);
        for (int k = 0; k < 3; k++) {
            snprintf(name, sizeof name, "LossBce%s%c", col[k], 'A' + i);
            tex_value(buf, v[k]);
            xp_def(num, name, "%s", buf);
        }
    }
}
/* <<find where the naive formulas break down>> */
static double sigmoid_is_one_from(int single)
{
    double lo = 0, hi = 200;         /* sigmoid(lo) < 1 == sigmoid(hi) */
    for (int i = 0; i < 100; i++) {
        double mid = (lo + hi) / 2;
        int one = single ? 1.0f / (1.0f + expf(-(float)mid)) == 1.0f
                         : 1.0 / (1.0 + exp(-mid)) == 1.0;
        if (one)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}
/* <<find where the naive formulas break down>> */
static void breakdown_points(FILE *num)
{
    xp_def(num, "LossSigOneDouble", "%.1f", sigmoid_is_one_from(0));
    xp_def(num, "LossSigOneSingle", "%.1f", sigmoid_is_one_from(1));
    xp_def(num, "LossExpMaxDouble", "%.1f", log(DBL_MAX));
    xp_def(num, "LossExpMaxSingle", "%.1f", log(FLT_MAX));
}
/* <<write the gradient with respect to the logit against the output>> */
static void write_gradients(const char *dir)
{
    const nn_loss mse = nn_loss_default(NN_LOSS_MSE),
                  bce = nn_loss_default(NN_LOSS_BCE_LOGITS),
                  ce = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    const nn_real one = 1;
    const int label = 1;
    FILE *f = xp_open(dir, "gradient.dat");
    for (int i = 0; i <= 440; i++) {
        double z = -14 + 0.05 * i, y = logistic(z);
        nn_real yr = (nn_real)y, zr = (nn_real)z, logits[2] = { 0, zr };
        nn_real g_mse, g_bce, g_ce[2];
        nn_loss_eval(&mse, 1, 1, &yr, &one, NULL, &g_mse);
        nn_loss_eval(&bce, 1, 1, &zr, &one, NULL, &g_bce);
        nn_loss_eval(&ce, 1, 2, logits, NULL, &label, g_ce);
        fprintf(f, "%.9g %.9g %.9g %.9g\n", y, fabs(g_mse * y * (1 - y)),
                fabs((double)g_bce), fabs((double)g_ce[1]));
    }
    xp_close(f);
}
/* <<train a saturated neuron with each loss>> */
static void train_saturated(const char *dir, FILE *num)
{
    const nn_loss L[2] = { nn_loss_default(NN_LOSS_MSE),
                           nn_loss_default(NN_LOSS_BCE_LOGITS) };
    double out[2][STEPS + 1], dz0[2] = { 0, 0 };
    int half[2] = { -1, -1 };
    for (int i = 0; i < 2; i++) {
        double w = start_w, b = start_b;
        for (int s = 0; s <= STEPS; s++) {
            double z = w * input + b, y = logistic(z), dz;
            /* <<compute dz, the gradient with respect to the logit, under L[i]>> */
            nn_real one = 1, g;
            if (L[i].kind == NN_LOSS_MSE) {
                nn_real yr = (nn_real)y;
                nn_loss_eval(&L[i], 1, 1, &yr, &one, NULL, &g);     /* d(loss)/dy */
                dz = g * y * (1 - y);                               /* times sigma'(z) */
            } else {
                nn_real zr = (nn_real)z;
                nn_loss_eval(&L[i], 1, 1, &zr, &one, NULL, &g);     /* d(loss)/dz */
                dz = g;
            }
            out[i][s] = y;
            dz0[i] = s == 0 ? dz : dz0[i];
            half[i] = half[i] < 0 && y >= 0.5 ? s : half[i];
            w -= eta * dz * input;
            b -= eta * dz;
        }
    }
    /* <<write the outputs and the steps to one half>> */
    if (half[0] < 0 || half[1] < 0)
        xp_die("an output never reached one half: raise STEPS");
    FILE *f = xp_open(dir, "learning.dat");
    for (int s = 0; s <= STEPS; s++)
        fprintf(f, "%d %.9g %.9g\n", s, out[0][s], out[1][s]);
    xp_close(f);
    xp_def(num, "LossSatStartW", "%g", start_w);
    xp_def(num, "LossSatStartB", "%g", start_b);
    xp_def(num, "LossSatStartOut", "%.4f", out[0][0]);
    xp_def(num, "LossSatEta", "%g", eta);
    xp_def(num, "LossSatRatio", "%.0f", dz0[1] / dz0[0]);
    xp_def(num, "LossSatHalfMse", "%d", half[0]);
    xp_def(num, "LossSatHalfCe", "%d", half[1]);
    printf("steps to output 0.5: squared error %d, cross-entropy %d\n", half[0], half[1]);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    FILE *num = xp_open(dir, "numbers.tex");
    bce_table(num);
    breakdown_points(num);
    write_gradients(dir);
    train_saturated(dir, num);
    xp_close(num);
    return 0;
}

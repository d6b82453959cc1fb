/* Tangled from book/a2-130-losses.nw by 'make tangle'. Edit the book, not this file. */
/* loss-regression: MSE, MAE and Huber against the residual, and a line fitted
   by each to data with gross outliers.  Usage: loss-regression OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { M = 30, N_OUT = 4, STEPS = 4000 };
static const double true_w = 0.5, true_b = 1.0, sigma = 0.2, shift = 6, eta0 = 0.2;
static const double huber_k = 1.345;    /* Huber's delta in units of sigma */

/* <<write the regression losses and their derivatives against the residual>> */
static void write_residual_curves(const char *dir)
{
    const nn_loss L[3] = { nn_loss_default(NN_LOSS_MSE), nn_loss_default(NN_LOSS_MAE),
                           nn_loss_default(NN_LOSS_HUBER) };
    const nn_real zero = 0;
    FILE *f = xp_open(dir, "residual.dat");
    for (int i = -300; i <= 300; i++) {
        nn_real d = (nn_real)(i / 100.0), g[3];
        double v[3];
        for (int k = 0; k < 3; k++)
            v[k] = nn_loss_eval(&L[k], 1, 1, &d, &zero, NULL, &g[k]);
        fprintf(f, "%g %.9g %.9g %.9g %.9g %.9g %.9g\n", (double)d, v[0], v[1], v[2],
                (double)g[0], (double)g[1], (double)g[2]);
    }
    xp_close(f);
}
/* <<draw a noisy line whose last points are gross outliers>> */
static void draw_outlier_data(nn_rng *rng, nn_real *x, nn_real *y)
{
    for (int k = 0; k < M; k++) {
        int outlier = k >= M - N_OUT;
        double xk = outlier ? 1.5 + 0.5 * nn_rng_uniform(rng)
                            : -2 + 4 * nn_rng_uniform(rng);
        double yk = true_w * xk + true_b + sigma * nn_rng_normal(rng);
        x[k] = (nn_real)xk;
        y[k] = (nn_real)(outlier ? yk - shift : yk);
    }
}
/* <<fit a line by gradient descent on a given loss>> */
static double line_loss(const nn_loss *L, const nn_real *x, const nn_real *y,
                        nn_real w, nn_real b, nn_real *g)
{
    nn_real pred[M];
    for (int k = 0; k < M; k++)
        pred[k] = w * x[k] + b;
    return nn_loss_eval(L, M, 1, pred, y, NULL, g);
}
/* <<fit a line by gradient descent on a given loss>> */
static double fit_line(const nn_loss *L, const nn_real *x, const nn_real *y,
                       nn_real *w, nn_real *b)
{
    nn_real g[M];
    *w = 0;
    *b = 0;
    for (int s = 0; s < STEPS; s++) {
        line_loss(L, x, y, *w, *b, g);
        double dw = 0, db = 0, eta = eta0 / sqrt(s + 1.0);
        for (int k = 0; k < M; k++) {
            dw += (double)g[k] * x[k];
            db += g[k];
        }
        *w -= (nn_real)(eta * dw);
        *b -= (nn_real)(eta * db);
    }
    return line_loss(L, x, y, *w, *b, NULL);
}
/* <<find the exact least-absolute-deviations line>> */
static double lad_line(const nn_real *x, const nn_real *y, nn_real *w, nn_real *b)
{
    const nn_loss mae = nn_loss_default(NN_LOSS_MAE);
    double best = INFINITY;
    *w = *b = NAN;                      /* if every x were equal */
    for (int i = 0; i < M; i++)
        for (int j = i + 1; j < M; j++) {
            if (x[i] == x[j])
                continue;
            nn_real wij = (y[j] - y[i]) / (x[j] - x[i]), bij = y[i] - wij * x[i];
            double l = line_loss(&mae, x, y, wij, bij, NULL);
            if (l < best) {
                best = l;
                *w = wij;
                *b = bij;
            }
        }
    return best;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 4);
    write_residual_curves(dir);
    nn_real x[M], y[M];
    draw_outlier_data(&rng, x, y);
    FILE *num = xp_open(dir, "numbers.tex");
    /* <<fit the line with each loss and with the baselines>> */
    nn_loss L[4] = { nn_loss_default(NN_LOSS_MSE), nn_loss_default(NN_LOSS_MAE),
                     nn_loss_default(NN_LOSS_HUBER), nn_loss_default(NN_LOSS_HUBER) };
    L[3].delta = huber_k * sigma;
    nn_real w[4], b[4], ls_w, ls_b, clean_w, clean_b, lad_w, lad_b;
    double fit_loss[4];
    for (int i = 0; i < 4; i++)
        fit_loss[i] = fit_line(&L[i], x, y, &w[i], &b[i]);
    if (nn_least_squares_line(M, x, y, &ls_w, &ls_b) != NN_OK
        || nn_least_squares_line(M - N_OUT, x, y, &clean_w, &clean_b) != NN_OK)
        xp_die("a least-squares line is undefined for these data");
    double lad = lad_line(x, y, &lad_w, &lad_b);
    printf("slopes: mse %.4f (lsq %.4f), mae %.4f (exact %.4f), huber %.4f, %.4f\n",
           (double)w[0], (double)ls_w, (double)w[1], (double)lad_w, (double)w[2],
           (double)w[3]);
    /* <<write the data, the fitted lines and the numbers>> */
    FILE *pts = xp_open(dir, "points.dat");
    for (int k = 0; k < M; k++)
        fprintf(pts, "%g %g %d\n", (double)x[k], (double)y[k], k >= M - N_OUT);
    xp_close(pts);
    FILE *pf = xp_open(dir, "params.gp");
    fprintf(pf, "truew = %g; trueb = %g\n", true_w, true_b);
    for (int i = 0; i < 4; i++)
        fprintf(pf, "w%d = %.9g; b%d = %.9g\n", i, (double)w[i], i, (double)b[i]);
    fprintf(pf, "delta3 = %.9g\n", L[3].delta);
    xp_close(pf);
    xp_def(num, "LossRegPoints", "%d", M);
    xp_def(num, "LossRegOutliers", "%d", N_OUT);
    xp_def(num, "LossRegShift", "%g", shift);
    xp_def(num, "LossRegSigma", "%g", sigma);
    xp_def(num, "LossRegForceRatio", "%g", shift / sigma);
    xp_def(num, "LossRegTrueW", "%g", true_w);
    xp_def(num, "LossRegTrueB", "%g", true_b);
    xp_def(num, "LossRegSteps", "%d", STEPS);
    xp_def(num, "LossRegEta", "%g", eta0);
    /* <<write the fitted slopes and the gap to the exact optimum>> */
    xp_def(num, "LossRegMseW", "%.3f", (double)w[0]);
    xp_def(num, "LossRegMaeW", "%.3f", (double)w[1]);
    xp_def(num, "LossRegHuberW", "%.3f", (double)w[2]);
    xp_def(num, "LossRegHuberTunedW", "%.3f", (double)w[3]);
    xp_def(num, "LossRegHuberK", "%g", huber_k);
    xp_def(num, "LossRegHuberDelta", "%.2f", L[3].delta);
    xp_def(num, "LossRegLsqW", "%.3f", (double)ls_w);
    xp_def(num, "LossRegCleanW", "%.3f", (double)clean_w);
    xp_def(num, "LossRegLadW", "%.3f", (double)lad_w);
    char gap[64];
    xp_def(num, "LossRegLadGap", "%s", xp_tex_sci(gap, fit_loss[1] - lad, 1));
    xp_close(num);
    return 0;
}

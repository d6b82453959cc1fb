/* Tangled from book/a2-100-neuron.nw by 'make tangle'. Edit the book, not this file. */
/* neuron-gradient-descent: a linear neuron fitted to y = 2 sin x + noise by
   gradient descent with four learning rates, against least squares.
   Usage: neuron-gradient-descent OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { M = 40, STEPS = 60 };
static const double sigma = 0.3, start_w = -1.0, start_b = -2.0;

/* <<draw the noisy sine data>> */
static void draw_sine_data(nn_rng *rng, nn_real *x, nn_real *y)
{
    for (int k = 0; k < M; k++) {
        double xk = -2 + 4 * nn_rng_uniform(rng);
        x[k] = (nn_real)xk;
        y[k] = (nn_real)(2 * sin(xk) + sigma * nn_rng_normal(rng));
    }
}
/* <<compute the eigenvalues of the Hessian>> */
static void hessian_eigenvalues(const nn_real *x, double *lmax, double *lmin)
{
    double sxx = 0, sx = 0;
    for (int k = 0; k < M; k++) {
        sxx += (double)x[k] * x[k];
        sx += x[k];
    }
    double p = 2 * sxx / M, q = 2 * sx / M, r = 2;      /* (eq:hessian) */
    double mid = (p + r) / 2, rad = sqrt((p - r) * (p - r) / 4 + q * q);
    *lmax = mid + rad;
    *lmin = mid - rad;
}
/* <<run gradient descent from the start, logging the excess loss>> */
static void descend(const nn_real *x, const nn_real *y, double eta, int steps,
                    double ls_loss, double *excess, double *wt,
                    nn_real *w, nn_real *b)
{
    nn_real dw;
    nn_neuron u = { 1, w, (nn_real)start_b };
    *w = (nn_real)start_w;
    excess[0] = nn_linear_mse(&u, M, x, y) - ls_loss;
    wt[0] = *w;
    for (int s = 1; s <= steps; s++) {
        nn_linear_gd_step(&u, M, x, y, (nn_real)eta, &dw);
        excess[s] = nn_linear_mse(&u, M, x, y) - ls_loss;
        wt[s] = *w;
    }
    *b = u.b;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 2);
    nn_real x[M], y[M];
    draw_sine_data(&rng, x, y);
    /* <<fit the baseline and find the critical learning rate>> */
    nn_real ls_w, ls_b;
    if (nn_least_squares_line(M, x, y, &ls_w, &ls_b) != NN_OK)
        xp_die("the least-squares line is undefined for these data");
    nn_neuron ls = { 1, &ls_w, ls_b };
    double ls_loss = nn_linear_mse(&ls, M, x, y), lmax, lmin;
    hessian_eigenvalues(x, &lmax, &lmin);
    /* <<choose four learning rates around the critical one>> */
    const double eta[4] = { 0.02, 1 / lmax, 0.95 * 2 / lmax, 1.05 * 2 / lmax };
    FILE *num = xp_open(dir, "numbers.tex");
    xp_def(num, "GdPoints", "%d", M);
    xp_def(num, "GdSigma", "%g", sigma);
    xp_def(num, "GdLsW", "%.3f", (double)ls_w);
    xp_def(num, "GdLsB", "%.3f", (double)ls_b);
    xp_def(num, "GdLsLoss", "%.4f", ls_loss);
    xp_def(num, "GdLmax", "%.3f", lmax);
    xp_def(num, "GdLmin", "%.3f", lmin);
    xp_def(num, "GdEtaCrit", "%.3f", 2 / lmax);
    /* <<run the four learning rates and write the figures' data>> */
    double excess[4][STEPS + 1], wt[4][STEPS + 1], early[4], wearly[4];
    nn_real w_end[4], b_end[4], w_one, b_one, w_three, b_three;
    for (int i = 0; i < 4; i++)
        descend(x, y, eta[i], STEPS, ls_loss, excess[i], wt[i], &w_end[i], &b_end[i]);
    descend(x, y, eta[1], 1, ls_loss, early, wearly, &w_one, &b_one);
    descend(x, y, eta[1], 3, ls_loss, early, wearly, &w_three, &b_three);
    FILE *lf = xp_open(dir, "loss.dat"), *wf = xp_open(dir, "weight.dat");
    for (int s = 0; s <= STEPS; s++) {
        fprintf(lf, "%d %.9g %.9g %.9g %.9g\n", s,
                excess[0][s], excess[1][s], excess[2][s], excess[3][s]);
        fprintf(wf, "%d %.9g %.9g %.9g %.9g\n", s, wt[0][s], wt[1][s], wt[2][s], wt[3][s]);
    }
    xp_close(lf);
    xp_close(wf);
    /* <<write the data, the fitted lines and the remaining numbers>> */
    FILE *df = xp_open(dir, "data.dat");
    for (int k = 0; k < M; k++)
        fprintf(df, "%g %g\n", (double)x[k], (double)y[k]);
    xp_close(df);
    FILE *pf = xp_open(dir, "params.gp");
    fprintf(pf, "eta1 = %.4g; eta2 = %.4g; eta3 = %.4g; eta4 = %.4g\n",
            eta[0], eta[1], eta[2], eta[3]);
    fprintf(pf, "lsw = %.9g; lsb = %.9g; gdw = %.9g; gdb = %.9g\n",
            (double)ls_w, (double)ls_b, (double)w_end[1], (double)b_end[1]);
    fprintf(pf, "w1 = %.9g; b1 = %.9g; w3 = %.9g; b3 = %.9g; steps = %d\n",
            (double)w_one, (double)b_one, (double)w_three, (double)b_three, STEPS);
    xp_close(pf);
    xp_def(num, "GdStartW", "%g", start_w);
    xp_def(num, "GdStartB", "%g", start_b);
    xp_def(num, "GdSteps", "%d", STEPS);
    const char *eta_name[4] = { "GdEtaSmall", "GdEtaGood", "GdEtaOsc", "GdEtaDiv" };
    for (int i = 0; i < 4; i++)
        xp_def(num, eta_name[i], "%.3g", eta[i]);
    char gap[64];
    xp_def(num, "GdGoodGap", "%s", xp_tex_sci(gap, fabs(excess[1][STEPS]), 1));
    xp_close(num);
    printf("least squares: w = %.4f, b = %.4f, loss %.5f; lambdas %.4f, %.4f\n",
           (double)ls_w, (double)ls_b, ls_loss, lmax, lmin);
    return 0;
}

/* Tangled from book/120-mlp.nw by 'make tangle'. Edit the book, not this file. */
/* mlp-capacity: networks with 1, 3, 10 and 50 hidden tanh units fitted to
   noisy samples of 2 sin x by gradient descent; training and validation error.
   Usage: mlp-capacity OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"
#include "two-layer.h"

enum { M = 15, V = 200, EPOCHS = 100000, N_LOG = 61, GRID = 201, WIDTHS = 4 };
static const size_t widths[WIDTHS] = { 1, 3, 10, 50 };
static const char *width_name[WIDTHS] = { "One", "Three", "Ten", "Fifty" };
static const double sigma = 0.3, eta = 0.1;

/* <<draw samples of the noisy sine>> */
static void draw_sine(nn_rng *rng, int m, nn_real *x, nn_real *y)
{
    for (int k = 0; k < m; k++) {
        double xk = -2 + 4 * nn_rng_uniform(rng);
        x[k] = (nn_real)xk;
        y[k] = (nn_real)(2 * sin(xk) + sigma * nn_rng_normal(rng));
    }
}
/* <<train one width, recording its errors and its fit>> */
static double mse_on(tl_net *net, int m, const nn_real *x, const nn_real *y)
{
    tl_forward(net, (size_t)m, x);
    return tl_backward_mse(net, (size_t)m, x, y);
}

static int log_epochs(int *ep)
{
    int n = 0;
    for (int k = 0; k < N_LOG; k++) {
        int e = (int)lround(pow(EPOCHS, k / (N_LOG - 1.0)));
        if (n == 0 || e > ep[n - 1])
            ep[n++] = e;
    }
    return n;
}
/* <<train one width, recording its errors and its fit>> */
static void train_width(int w, const nn_real *x, const nn_real *y, const nn_real *xv,
                        const nn_real *yv, const int *ep, double err[2][N_LOG],
                        nn_real *fit)
{
    tl_net net;
    if (tl_create(&net, 1, widths[w], 1, nn_act_default(NN_ACT_TANH),
                  nn_act_default(NN_ACT_IDENTITY), GRID) != 0)
        xp_die("out of memory");
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 10 + (uint64_t)w);
    tl_init(&net, &rng);
    for (int e = 1, next = 0; e <= EPOCHS; e++) {
        mse_on(&net, M, x, y);                      /* forward and backward */
        tl_step(&net, (nn_real)eta);
        if (e == ep[next]) {                        /* errors after e steps */
            err[1][next] = mse_on(&net, V, xv, yv);
            err[0][next++] = mse_on(&net, M, x, y);
        }
    }
    /* <<evaluate the trained network on the grid>> */
    nn_real g[GRID];
    for (int i = 0; i < GRID; i++)
        g[i] = (nn_real)(-2 + 4.0 * i / (GRID - 1));
    const nn_real *out = tl_forward(&net, GRID, g);
    for (int i = 0; i < GRID; i++)
        fit[i] = out[i];
    tl_free(&net);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 3);
    nn_real x[M], y[M], xv[V], yv[V];
    draw_sine(&rng, M, x, y);
    draw_sine(&rng, V, xv, yv);
    FILE *num = xp_open(dir, "numbers.tex");
    /* <<fit the least-squares line as the simplest model>> */
    nn_real lw, lb;
    if (nn_least_squares_line(M, x, y, &lw, &lb) != NN_OK)
        xp_die("no least-squares line");
    nn_neuron line = { 1, &lw, lb };
    xp_def(num, "MlpCapPoints", "%d", M);
    xp_def(num, "MlpCapValPoints", "%d", V);
    xp_def(num, "MlpCapSigma", "%g", sigma);
    xp_def(num, "MlpCapNoise", "%.2f", sigma * sigma);
    xp_def(num, "MlpCapEta", "%g", eta);
    xp_def(num, "MlpCapEpochs", "%d", EPOCHS);
    xp_def(num, "MlpCapLineTrain", "%.3f", nn_linear_mse(&line, M, x, y));
    xp_def(num, "MlpCapLineVal", "%.3f", nn_linear_mse(&line, V, xv, yv));
    FILE *pf = xp_open(dir, "params.gp");
    fprintf(pf, "noise = %g\n", sigma * sigma);
    xp_close(pf);
    /* <<train every width and write the figures' data>> */
    int ep[N_LOG], n_ep = log_epochs(ep);
    static double err[WIDTHS][2][N_LOG];
    static nn_real fit[WIDTHS][GRID];
    for (int w = 0; w < WIDTHS; w++) {
        train_width(w, x, y, xv, yv, ep, err[w], fit[w]);
        int best = 0;
        for (int k = 1; k < n_ep; k++)
            best = err[w][1][k] < err[w][1][best] ? k : best;
        char name[64];
        snprintf(name, sizeof name, "MlpCapTrain%s", width_name[w]);
        xp_def(num, name, "%.3f", err[w][0][n_ep - 1]);
        snprintf(name, sizeof name, "MlpCapVal%s", width_name[w]);
        xp_def(num, name, "%.3f", err[w][1][n_ep - 1]);
        snprintf(name, sizeof name, "MlpCapBestVal%s", width_name[w]);
        xp_def(num, name, "%.3f", err[w][1][best]);
        snprintf(name, sizeof name, "MlpCapBestEpoch%s", width_name[w]);
        xp_def(num, name, "%d", ep[best]);
        printf("%2zu hidden: train %.4f, validation %.4f (best %.4f after %d epochs)\n",
               widths[w], err[w][0][n_ep - 1], err[w][1][n_ep - 1], err[w][1][best],
               ep[best]);
    }
    /* <<write the errors, the fits and the data>> */
    FILE *ef = xp_open(dir, "errors.dat"), *ff = xp_open(dir, "fits.dat");
    for (int k = 0; k < n_ep; k++) {
        fprintf(ef, "%d", ep[k]);
        for (int w = 0; w < WIDTHS; w++)
            fprintf(ef, " %.6g %.6g", err[w][0][k], err[w][1][k]);
        fprintf(ef, "\n");
    }
    for (int i = 0; i < GRID; i++) {
        double gx = -2 + 4.0 * i / (GRID - 1);
        fprintf(ff, "%g %g", gx, 2 * sin(gx));
        for (int w = 0; w < WIDTHS; w++)
            fprintf(ff, " %.6g", (double)fit[w][i]);
        fprintf(ff, "\n");
    }
    xp_close(ef);
    xp_close(ff);
    FILE *df = xp_open(dir, "train.dat");
    for (int k = 0; k < M; k++)
        fprintf(df, "%g %g\n", (double)x[k], (double)y[k]);
    xp_close(df);
    xp_close(num);
    return 0;
}

/* Tangled from book/a2-120-mlp.nw by 'make tangle'. Edit the book, not this file. */
/* mlp-capacity: networks with 1, 3, 10 and 50 hidden tanh units fitted to
   noisy samples of 2 sin x by gradient descent, on several independent
   samples; training and validation error.
   Usage: mlp-capacity OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"
#include "two-layer.h"

enum { M = 20, V = 1000, SEEDS = 5, EPOCHS = 100000, N_LOG = 61, GRID = 201,
       WIDTHS = 4 };
static const size_t widths[WIDTHS] = { 1, 3, 10, 50 };
static const char *model_name[1 + WIDTHS] = { "Line", "One", "Three", "Ten",
                                              "Fifty" };
static const double sigma = 0.3, eta = 0.2;

/* <<draw samples of the noisy sine>> */
static void draw_sine(nn_rng *rng, int m, nn_real *x, nn_real *y)
{
    for (int k = 0; k < m; k++) {
        double xk = -2 + 4 * nn_rng_uniform(rng);
        x[k] = (nn_real)xk;
        y[k] = (nn_real)(2 * sin(xk) + sigma * nn_rng_normal(rng));
    }
}
/* <<measure errors, choose the epochs to log, and evaluate on a grid>> */
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
/* <<measure errors, choose the epochs to log, and evaluate on a grid>> */
static void evaluate_on_grid(tl_net *net, nn_real *fit)
{
    nn_real g[GRID];
    for (int i = 0; i < GRID; i++)
        g[i] = (nn_real)(-2 + 4.0 * i / (GRID - 1));
    const nn_real *out = tl_forward(net, GRID, g);
    for (int i = 0; i < GRID; i++)
        fit[i] = out[i];
}
/* <<train one width, recording its errors and its fit>> */
static void train_width(int w, int s, const nn_real *x, const nn_real *y,
                        const nn_real *xv, const nn_real *yv, const int *ep,
                        double err[2][N_LOG], nn_real *fit)
{
    tl_net net;
    if (tl_create(&net, 1, widths[w], 1, nn_act_default(NN_ACT_TANH),
                  nn_act_default(NN_ACT_IDENTITY), V) != 0)
        xp_die("out of memory");
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 10 + (uint64_t)w + 16 * (uint64_t)s);
    tl_init(&net, &rng);
    for (int e = 1, next = 0; e <= EPOCHS; e++) {
        mse_on(&net, M, x, y);                      /* forward and backward */
        tl_step(&net, (nn_real)eta);
        if (e == ep[next]) {                        /* errors after e steps */
            err[1][next] = mse_on(&net, V, xv, yv);
            err[0][next++] = mse_on(&net, M, x, y);
        }
    }
    if (fit)
        evaluate_on_grid(&net, fit);
    tl_free(&net);
}
/* <<the mean and the standard deviation over the samples>> */
static void mean_sd(const double *v, double *mean, double *sd)
{
    double s = 0, s2 = 0;
    for (int i = 0; i < SEEDS; i++)
        s += v[i];
    *mean = s / SEEDS;
    for (int i = 0; i < SEEDS; i++)
        s2 += (v[i] - *mean) * (v[i] - *mean);
    *sd = sqrt(s2 / (SEEDS - 1));
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    /* <<draw a training and a validation set for every sample>> */
    static nn_real x[SEEDS][M], y[SEEDS][M], xv[SEEDS][V], yv[SEEDS][V];
    for (int s = 0; s < SEEDS; s++) {
        nn_rng rng;
        nn_rng_seed(&rng, XP_SEED, 3 + (uint64_t)s);
        draw_sine(&rng, M, x[s], y[s]);
        draw_sine(&rng, V, xv[s], yv[s]);
    }
    FILE *num = xp_open(dir, "numbers.tex");
    static double final[1 + WIDTHS][2][SEEDS], mean[WIDTHS][2][N_LOG];
    static nn_real fit[WIDTHS][GRID];
    int ep[N_LOG], n_ep = log_epochs(ep);
    /* <<fit the least-squares line as the simplest model>> */
    for (int s = 0; s < SEEDS; s++) {
        nn_real lw, lb;
        if (nn_least_squares_line(M, x[s], y[s], &lw, &lb) != NN_OK)
            xp_die("no least-squares line");
        nn_neuron line = { 1, &lw, lb };
        final[0][0][s] = nn_linear_mse(&line, M, x[s], y[s]);
        final[0][1][s] = nn_linear_mse(&line, V, xv[s], yv[s]);
    }
    xp_def(num, "MlpCapPoints", "%d", M);
    xp_def(num, "MlpCapValPoints", "%d", V);
    xp_def(num, "MlpCapSeeds", "%d", SEEDS);
    xp_def(num, "MlpCapSigma", "%g", sigma);
    xp_def(num, "MlpCapNoise", "%.2f", sigma * sigma);
    xp_def(num, "MlpCapEta", "%g", eta);
    xp_def(num, "MlpCapEpochs", "%d", EPOCHS);
    /* <<train every width on every sample>> */
    for (int w = 0; w < WIDTHS; w++)
        for (int s = 0; s < SEEDS; s++) {
            double run[2][N_LOG];
            train_width(w, s, x[s], y[s], xv[s], yv[s], ep, run,
                        s == 0 ? fit[w] : NULL);
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < n_ep; k++)
                    mean[w][j][k] += run[j][k] / SEEDS;
                final[1 + w][j][s] = run[j][n_ep - 1];
            }
        }
    /* <<write each model's errors as a mean and a spread>> */
    for (int i = 0; i <= WIDTHS; i++)
        for (int j = 0; j < 2; j++) {
            double avg, sd;
            char name[64];
            mean_sd(final[i][j], &avg, &sd);
            snprintf(name, sizeof name, "MlpCap%s%s", j ? "Val" : "Train", model_name[i]);
            xp_def(num, name, "%.3f", avg);
            strcat(name, "Sd");
            xp_def(num, name, "%.3f", sd);
            printf("%-5s %s error %.4f +- %.4f\n", model_name[i],
                   j ? "validation" : "training", avg, sd);
        }
    int best = 0;
    for (int k = 1; k < n_ep; k++)
        best = mean[WIDTHS - 1][1][k] < mean[WIDTHS - 1][1][best] ? k : best;
    xp_def(num, "MlpCapBestValFifty", "%.3f", mean[WIDTHS - 1][1][best]);
    xp_def(num, "MlpCapBestEpochFifty", "%d", ep[best]);
    /* <<write the errors, the fits and the data>> */
    FILE *ef = xp_open(dir, "errors.dat"), *ff = xp_open(dir, "fits.dat");
    for (int k = 0; k < n_ep; k++) {
        fprintf(ef, "%d", ep[k]);
        for (int w = 0; w < WIDTHS; w++)
            fprintf(ef, " %.6g %.6g", mean[w][0][k], mean[w][1][k]);
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
    /* <<write the first sample's training points and the noise floor>> */
    FILE *df = xp_open(dir, "train.dat");
    for (int k = 0; k < M; k++)
        fprintf(df, "%g %g\n", (double)x[0][k], (double)y[0][k]);
    xp_close(df);
    FILE *pf = xp_open(dir, "params.gp");
    fprintf(pf, "noise = %g\n", sigma * sigma);
    xp_close(pf);
    /* <<check the claims that the text makes about the table>> */
    double floor_ = sigma * sigma, avg[1 + WIDTHS][2], sd[1 + WIDTHS][2];
    for (int i = 0; i <= WIDTHS; i++)
        for (int j = 0; j < 2; j++)
            mean_sd(final[i][j], &avg[i][j], &sd[i][j]);
    int ok = avg[0][0] > 1.5 * floor_;                  /* the line underfits */
    for (int i = 0; i <= WIDTHS; i++)
        ok = ok && avg[1][1] <= avg[i][1];              /* one unit is best */
    for (int i = 3; i <= 4; i++)                        /* 10 and 50 overfit */
        for (int k = 0; k < 3; k++)                     /* and vary the most */
            ok = ok && avg[i][0] < 0.5 * floor_ && avg[i][1] > 2 * floor_
                    && sd[i][1] > sd[k][1];
    if (!ok)
        fprintf(stderr, "mlp-capacity: the errors no longer support the text of "
                "section 'Capacity' (the data are written all the same)\n");
    xp_close(num);
    return ok ? 0 : 1;
}

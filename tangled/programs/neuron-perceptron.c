/* Tangled from book/a2-100-neuron.nw by 'make tangle'. Edit the book, not this file. */
/* neuron-perceptron: the perceptron on separable data and on XOR.
   Usage: neuron-perceptron OUTDIR   (writes .dat files and numbers.tex) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "nn.h"
#include "experiment.h"

enum { N_POINTS = 60, MAX_EPOCHS = 100, XOR_EPOCHS = 25 };
static const double hidden_w[2] = { 0.8, -0.6 }, hidden_b = 0.1, gap = 0.05;

/* <<draw labelled points on both sides of the hidden line>> */
static void draw_points(nn_rng *rng, nn_real *X, int *t)
{
    for (int k = 0; k < N_POINTS; ) {
        double x1 = 2 * nn_rng_uniform(rng) - 1, x2 = 2 * nn_rng_uniform(rng) - 1;
        double d = hidden_w[0] * x1 + hidden_w[1] * x2 + hidden_b;
        if (fabs(d) < gap)
            continue;
        X[2 * k] = (nn_real)x1;
        X[2 * k + 1] = (nn_real)x2;
        t[k] = d > 0;
        k++;
    }
}
/* <<compute Novikoff's bound for the hidden line>> */
static double novikoff_bound(const nn_real *X, const int *t)
{
    double norm = sqrt(hidden_w[0] * hidden_w[0] + hidden_w[1] * hidden_w[1]
                       + hidden_b * hidden_b);
    double gamma = INFINITY, R = 0;
    for (int k = 0; k < N_POINTS; k++) {
        double x1 = X[2 * k], x2 = X[2 * k + 1], s = 2 * t[k] - 1;
        double margin = s * (hidden_w[0] * x1 + hidden_w[1] * x2 + hidden_b) / norm;
        gamma = fmin(gamma, margin);
        R = fmax(R, sqrt(x1 * x1 + x2 * x2 + 1));
    }
    return (R / gamma) * (R / gamma);
}
/* <<write a boundary as a line segment>> */
static void write_boundary(FILE *f, const nn_real *w, nn_real b)
{
    double w1 = w[0], w2 = w[1], nn = w1 * w1 + w2 * w2;
    double px = -b * w1 / nn, py = -b * w2 / nn, len = 3 / sqrt(nn);
    if (nn == 0)            /* no boundary yet: the neuron says 1 everywhere */
        px = py = len = NAN;
    fprintf(f, "%.9g %.9g\n%.9g %.9g\n\n\n", px - w2 * len, py + w1 * len,
            px + w2 * len, py - w1 * len);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 1);
    FILE *num = xp_open(dir, "numbers.tex");
    /* <<train on the separable points, recording each epoch's boundary>> */
    /* <<draw the separable points and write them for the figure>> */
    nn_real X[2 * N_POINTS];
    int t[N_POINTS];
    draw_points(&rng, X, t);
    FILE *pts = xp_open(dir, "points.dat");
    for (int k = 0; k < N_POINTS; k++)
        fprintf(pts, "%g %g %d\n", (double)X[2 * k], (double)X[2 * k + 1], t[k]);
    xp_close(pts);
    nn_real w[2] = { 0, 0 };
    nn_neuron u = { 2, w, 0 };
    FILE *bnd = xp_open(dir, "boundaries.dat");
    FILE *mis = xp_open(dir, "mistakes-separable.dat");
    size_t epochs = 0, total = 0, mistakes;
    do {
        mistakes = nn_perceptron_epoch(&u, N_POINTS, X, t, 1);
        total += mistakes;
        epochs++;
        write_boundary(bnd, w, u.b);
        fprintf(mis, "%zu %zu\n", epochs, mistakes);
    } while (mistakes > 0 && epochs < MAX_EPOCHS);
    xp_close(bnd);
    xp_close(mis);
    /* <<report the separable run for the text and the figure>> */
    printf("separable: %zu epochs, %zu mistakes\n", epochs, total);
    FILE *pf = xp_open(dir, "params.gp");
    fprintf(pf, "epochs = %zu\n", epochs);
    xp_close(pf);
    xp_def(num, "PercPoints", "%d", N_POINTS);
    xp_def(num, "PercGap", "%g", gap);
    xp_def(num, "PercEpochs", "%zu", epochs);
    xp_def(num, "PercMistakes", "%zu", total);
    xp_def(num, "PercBound", "%.0f", ceil(novikoff_bound(X, t)));
    /* <<train on XOR, recording the mistakes per epoch>> */
    const nn_real Xx[8] = { 0, 0,  0, 1,  1, 0,  1, 1 };
    const int tx[4] = { 0, 1, 1, 0 };
    nn_real wx[2] = { 0, 0 };
    nn_neuron ux = { 2, wx, 0 };
    FILE *mx = xp_open(dir, "mistakes-xor.dat");
    size_t fewest = 4;
    for (int e = 1; e <= XOR_EPOCHS; e++) {
        size_t mk = nn_perceptron_epoch(&ux, 4, Xx, tx, 1);
        fewest = mk < fewest ? mk : fewest;
        fprintf(mx, "%d %zu\n", e, mk);
    }
    xp_close(mx);
    printf("xor: at least %zu mistakes in each of %d epochs\n", fewest, XOR_EPOCHS);
    xp_def(num, "XorEpochs", "%d", XOR_EPOCHS);
    xp_def(num, "XorMinMistakes", "%zu", fewest);
    xp_close(num);
    return 0;
}

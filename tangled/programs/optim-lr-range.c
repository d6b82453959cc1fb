/* Tangled from book/a2-221-optimizers-mnist.nw by 'make tangle'. Edit the book, not this file. */
/* optim-lr-range: test accuracy against the learning rate for SGD, SGD with
   momentum and Adam.  Usage: optim-lr-range OUTDIR */
/* needs: mnist */
#include "optim-mnist.h"

enum { EPOCHS = 3, BATCH = 32, RATES = 7, COMPARED = 3 };
static const char *const compared[COMPARED] = { "SGD", "momentum", "Adam" };
static const double TOLERANCE = 0.02;     /* of accuracy, below the best */

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    double lr[RATES], acc[COMPARED][RATES];
    om_data d;
    om_load(&d);
    /* <<optimizers on MNIST: train with every rate>> */
    for (int i = 0; i < RATES; i++)
        lr[i] = pow(10, -4 + 4.0 * i / (RATES - 1));       /* 1e-4 ... 1 */
    for (int c = 0; c < COMPARED; c++)
        for (int i = 0; i < RATES; i++) {
            om_run r;
            nn_optim_config oc = om_config(&om_optimizers[om_find(compared[c])]);
            oc.lr = lr[i];
            printf("%s, learning rate %.2g\n", compared[c], lr[i]);
            om_train(&d, &oc, BATCH, EPOCHS, &r);
            acc[c][i] = r.test_acc;
        }
    /* <<optimizers on MNIST: write the accuracies and the good ranges>> */
    FILE *dat = xp_open(dir, "range.dat"), *num = xp_open(dir, "numbers.tex");
    fprintf(dat, "lr");
    for (int c = 0; c < COMPARED; c++)
        fprintf(dat, " %s", compared[c]);
    for (int i = 0; i < RATES; i++) {
        fprintf(dat, "\n%.6g", lr[i]);
        for (int c = 0; c < COMPARED; c++)
            fprintf(dat, " %.2f", 100 * acc[c][i]);
    }
    fprintf(dat, "\n");
    xp_close(dat);
    for (int c = 0; c < COMPARED; c++) {
        /* <<optimizers on MNIST: define one optimizer's good range>> */
        const char *m = om_optimizers[om_find(compared[c])].macro;
        double lo, hi;
        size_t b = om_good_range(RATES, lr, acc[c], TOLERANCE, &lo, &hi);
        int open = lo == lr[0] || hi == lr[RATES - 1];
        char name[64];
        snprintf(name, sizeof name, "OptLrBest%s", m);
        xp_def(num, name, "%.1f", 100 * acc[c][b]);
        snprintf(name, sizeof name, "OptLrBestRate%s", m);
        xp_def(num, name, "%.2g", lr[b]);
        snprintf(name, sizeof name, "OptLrLow%s", m);
        xp_def(num, name, "%.2g", lo);
        snprintf(name, sizeof name, "OptLrHigh%s", m);
        xp_def(num, name, "%.2g", hi);
        snprintf(name, sizeof name, "OptLrDecades%s", m);
        xp_def(num, name, "%s%.1f", open ? "at least " : "", log10(hi / lo));
    }
    xp_def(num, "OptLrEpochs", "%d", EPOCHS);
    xp_def(num, "OptLrRates", "%d", RATES);
    xp_def(num, "OptLrTolerance", "%.0f", 100 * TOLERANCE);
    xp_close(num);
    om_free(&d);
    return 0;
}

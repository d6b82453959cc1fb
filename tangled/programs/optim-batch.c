/* Tangled from book/a2-221-optimizers-mnist.nw by 'make tangle'. Edit the book, not this file. */
/* optim-batch: test accuracy and time to a target validation accuracy
   against the batch size, with and without the linear scaling rule.
   Usage: optim-batch OUTDIR */
/* needs: mnist */
#include "optim-mnist.h"

enum { EPOCHS = 8, BASE_BATCH = 32, SIZES = 7 };
static const double TARGET = 0.94;

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    size_t batch[SIZES];
    double acc[2][SIZES], secs[2][SIZES], lr[2][SIZES];
    int diverged[2][SIZES];
    om_data d;
    om_load(&d);
    /* <<optimizers on MNIST: train with every batch size>> */
    for (int i = 0; i < SIZES; i++) {
        batch[i] = (size_t)16 << i;                         /* 16 ... 1024 */
        for (int s = 0; s < 2; s++) {                       /* scaled, fixed */
            om_run r;
            nn_optim_config oc = om_config(&om_optimizers[om_find("momentum")]);
            if (s == 0)
                oc.lr *= (double)batch[i] / BASE_BATCH;  /* eq:optim-linear-scaling */
            printf("batch %zu, learning rate %g\n", batch[i], oc.lr);
            om_train(&d, &oc, batch[i], EPOCHS, &r);
            lr[s][i] = oc.lr, acc[s][i] = r.test_acc, diverged[s][i] = r.diverged;
            secs[s][i] = om_time_to(&r, TARGET);
        }
    }
    /* <<optimizers on MNIST: write the batch sizes' accuracies and times>> */
    /* <<optimizers on MNIST: find the fastest run and where the scaling breaks>> */
    double fastest = INFINITY;
    size_t at = 0, breaks = 0;
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < SIZES; i++)
            if (secs[s][i] < fastest)
                fastest = secs[s][i], at = batch[i];
    for (int i = SIZES - 1; i >= 0 && (diverged[0][i] || isnan(secs[0][i])); i--)
        breaks = batch[i];
    FILE *dat = xp_open(dir, "batch.dat"), *num = xp_open(dir, "numbers.tex");
    fprintf(dat, "# batch lr_scaled acc_scaled time_scaled lr_fixed acc_fixed"
                 " time_fixed\n");
    for (int i = 0; i < SIZES; i++)
        fprintf(dat, "%zu %g %.2f %.3f %g %.2f %.3f\n", batch[i], lr[0][i],
                100 * acc[0][i], secs[0][i] / fastest, lr[1][i], 100 * acc[1][i],
                secs[1][i] / fastest);
    xp_close(dat);
    /* <<optimizers on MNIST: define the batch sizes' numbers>> */
    xp_def(num, "OptBatchEpochs", "%d", EPOCHS);
    xp_def(num, "OptBatchBase", "%d", BASE_BATCH);
    xp_def(num, "OptBatchBaseLr", "%g", lr[1][0]);
    xp_def(num, "OptBatchMin", "%zu", batch[0]);
    xp_def(num, "OptBatchMax", "%zu", batch[SIZES - 1]);
    xp_def(num, "OptBatchTarget", "%.0f", 100 * TARGET);
    xp_def(num, "OptBatchFastest", "%zu", at);
    if (breaks)
        xp_def(num, "OptBatchBreaks", "%zu", breaks);
    else
        xp_def(num, "OptBatchBreaks", "none of them");
    xp_def(num, "OptBatchAccScaledSmall", "%.1f", 100 * acc[0][0]);
    xp_def(num, "OptBatchAccScaledLarge", "%.1f", 100 * acc[0][SIZES - 1]);
    xp_def(num, "OptBatchAccFixedLarge", "%.1f", 100 * acc[1][SIZES - 1]);
    xp_close(num);
    om_free(&d);
    return 0;
}

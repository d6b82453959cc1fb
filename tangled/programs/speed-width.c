/* Tangled from book/a2-320-speed.nw by 'make tangle'. Edit the book, not this file. */
/* Seconds per epoch of 784-h-h-10 against the hidden width h, batch 64. */
/* needs: mnist */
#include <stdio.h>
#include "nn.h"
#include "experiment.h"
#include "speed.h"
#include "epoch-timer.h"

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train;
    xp_load_mnist_bytes("train", &train);
    size_t widths[] = { 25, 50, 100, 200, 400, 800, 1600 }, nw = 7;
    double sec[7], rate = 0;
    for (size_t i = 0; i < nw; i++) {
        size_t w[] = { 784, widths[i], widths[i], 10 };
        double r[3];
        for (int k = 0; k < 3; k++)
            r[k] = xp_epoch_seconds(&train, 3, w, 64, 48, 2);
        sec[i] = xp_median3(r);
        rate = xp_mlp_train_flops(3, w) * (double)train.n / sec[i];   /* last: widest */
        printf("width %4zu: %.2f s per epoch\n", widths[i], sec[i]);
    }
    /* <<write the width figure's data and numbers>> */
    FILE *dat = xp_open(dir, "width.dat"), *num = xp_open(dir, "numbers.tex");
    fprintf(dat, "# width seconds seconds_at_the_widest_rate\n");
    for (size_t i = 0; i < nw; i++) {
        size_t w[] = { 784, widths[i], widths[i], 10 };
        fprintf(dat, "%zu %.4f %.4f\n", widths[i], sec[i],
                xp_mlp_train_flops(3, w) * (double)train.n / rate);
    }
    xp_def(num, "SpeedWidthRate", "%.0f", rate / 1e9);
    xp_close(dat);
    xp_close(num);
    nn_dataset_free(&train);
    return 0;
}

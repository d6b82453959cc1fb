/* Tangled from book/a2-320-speed.nw by 'make tangle'. Edit the book, not this file. */
/* Seconds per epoch of 784-800-800-10 against batch size, 1 and 2 threads. */
/* needs: mnist */
#include <omp.h>
#include <stdio.h>
#include <time.h>
#include "nn.h"
#include "experiment.h"
#include "speed.h"
#include "epoch-timer.h"

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train;
    xp_load_mnist_bytes("train", &train);
    /* <<time an epoch for each batch size, on one thread and on two>> */
    size_t w[] = { 784, 800, 800, 10 };
    FILE *dat = xp_open(dir, "batch.dat"), *num = xp_open(dir, "numbers.tex");
    fprintf(dat, "# batch seconds_1_thread seconds_2_threads\n");
    double s64[2] = { 0, 0 };
    for (size_t batch = 16; batch <= 512; batch *= 2) {
        double s[2];
        for (int t = 0; t < 2; t++) {
            double r[3];
            for (int k = 0; k < 3; k++)
                r[k] = xp_epoch_seconds(&train, 3, w, batch, 4096 / batch, t + 1);
            s[t] = xp_median3(r);
            if (batch == 64)
                s64[t] = s[t];
        }
        fprintf(dat, "%zu %.4f %.4f\n", batch, s[0], s[1]);
        printf("batch %4zu: %.2f s per epoch on 1 thread, %.2f s on 2\n", batch, s[0],
               s[1]);
    }
    /* <<define the batch figure's numbers>> */
    double fl = xp_mlp_train_flops(3, w);
    char big[64];
    size_t np = xp_mlp_params(3, w);
    xp_def(num, "SpeedBatchMin", "16");
    xp_def(num, "SpeedBatchMax", "512");
    xp_def(num, "SpeedBatchExamples", "4096");
    xp_def(num, "SpeedBatchSixtyFourOne", "%.1f", s64[0]);
    xp_def(num, "SpeedBatchSixtyFourTwo", "%.1f", s64[1]);
    xp_def(num, "SpeedBatchSpeedup", "%.2f", s64[0] / s64[1]);
    xp_def(num, "SpeedTrainN", "%s", xp_tex_int(big, train.n));
    xp_def(num, "SpeedFlopsBig", "%.2f", fl / 1e6);
    xp_def(num, "SpeedEpochGflop", "%.0f", fl * (double)train.n / 1e9);
    xp_def(num, "SpeedParams", "%s", xp_tex_int(big, np));
    xp_def(num, "SpeedNetMiB", "%.0f", (double)(3 * np) * sizeof(float) / 1048576.0);
    xp_def(num, "SpeedFloatMiB", "%.0f", (double)train.n * 784 * sizeof(float) / 1048576.0);
    xp_def(num, "SpeedByteMiB", "%.0f", (double)train.n * 784 / 1048576.0);
    xp_close(dat);
    xp_close(num);
    nn_dataset_free(&train);
    return 0;
}

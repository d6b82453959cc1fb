/* Tangled from book/a2-320-speed.nw by 'make tangle'. Edit the book, not this file. */
/* The price of writing lines that the other core has read: a momentum step
   on the halves of an array as long as the network, after reading halves. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include "nn.h"
#include "experiment.h"
#include "speed.h"
#include "epoch-timer.h"

enum { OWNER_STEPS = 200 };

/* Seconds per step, when each thread has read its own half (other = 0) or
   the other thread's (other = 1) before it. */
static double owner_step(nn_real *w, nn_real *v, size_t n, int other, nn_real *sink)
{
    size_t half = n / 2 / 16 * 16;
    double seconds = 0;
    #pragma omp parallel num_threads(2)
    {
        int p = omp_get_thread_num(), r = other ? 1 - p : p;
        size_t mine0 = p ? half : 0, mine1 = p ? n : half;
        size_t read0 = r ? half : 0, read1 = r ? n : half;
        /* <<read a half of the weights, then step on this thread's half>> */
        for (int s = 0; s < OWNER_STEPS; s++) {
            nn_real acc[16] = { 0 };                /* the forward product's reads */
            for (size_t i = read0; i < read1; i += 16)
                for (int j = 0; j < 16; j++)
                    acc[j] += w[i + j];
            sink[p] += acc[s % 16];
            #pragma omp barrier
            double t0 = omp_get_wtime();
            for (size_t i = mine0; i < mine1; i++) {    /* the step's writes */
                v[i] = (nn_real)0.9 * v[i] + (nn_real)1e-6;
                w[i] -= (nn_real)0.01 * v[i];
            }
            #pragma omp barrier
            if (p == 0)
                seconds += omp_get_wtime() - t0;
        }
    }
    return seconds / OWNER_STEPS;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    size_t widths[] = { 784, 800, 800, 10 };
    size_t n = (xp_mlp_params(3, widths) + 15) / 16 * 16;     /* whole cache lines */
    nn_real *w = malloc(n * sizeof *w), *v = malloc(n * sizeof *v), sink[2] = { 0, 0 };
    if (!w || !v)
        xp_die("out of memory");
    for (size_t i = 0; i < n; i++)
        w[i] = 1, v[i] = 0;
    double own[3], others[3];
    for (int k = 0; k < 3; k++) {
        own[k] = owner_step(w, v, n, 0, sink);
        others[k] = owner_step(w, v, n, 1, sink);
    }
    double a = xp_median3(own), b = xp_median3(others);
    printf("a step after reading its own half: %.0f us; the other's: %.0f us"
           " (%.1f times) [%g]\n", a * 1e6, b * 1e6, b / a,
           (double)(sink[0] + sink[1]));
    FILE *num = xp_open(dir, "numbers.tex");
    xp_def(num, "SpeedOwnerOwn", "%.0f", a * 1e6);
    xp_def(num, "SpeedOwnerOther", "%.0f", b * 1e6);
    xp_def(num, "SpeedOwnerTimes", "%.1f", b / a);
    /* <<say what the ratio tells of this machine's cores>> */
    xp_def(num, "SpeedOwnerVerdict", "%s", b / a >= 1.5
           ? "the cost of two cores that do not share their last cache"
           : "so these two cores share their last cache, and the remedy below "
             "gains little here; on the AMD EPYC where this section was written "
             "they did not, and the step took several times as long");
    xp_close(num);
    free(w), free(v);
    return 0;
}

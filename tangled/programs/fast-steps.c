/* Tangled from book/a2-310-fast.nw by 'make tangle'. Edit the book, not this file. */
/* Speed of every step towards a fast GEMM on square matrices (figure fast-steps). */
/* needs: openblas */
#include <omp.h>
#include "nn.h"
#include "experiment.h"
#include "gemm-steps.h"
#include "../bench/peak.h"

/* <<the steps to measure and their largest sizes>> */
static const size_t sizes[] = { 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024 };
static const struct {
    const char *name;
    gemm_step *step;
    int threads, openblas;
    size_t largest;
} steps[] = {
    { "ijk", step_ijk, 1, 0, 512 },           { "ref", step_ref, 1, 0, 512 },
    { "blocked", step_blocked, 1, 0, 512 },   { "portable", step_portable, 1, 0, 1024 },
    { "fast", step_fast, 1, 0, 1024 },        { "fast2", step_fast, 2, 0, 1024 },
    { "openblas", step_openblas, 1, 1, 1024 },
    { "openblas2", step_openblas, 2, 1, 1024 },
};
enum { N_SIZES = sizeof sizes / sizeof sizes[0],
       STEPS = sizeof steps / sizeof steps[0] };
enum { QUOTED = 8 };                    /* sizes[QUOTED] = 512, quoted in the text */

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    double peak1 = peak_gflops(1), peak2 = peak_gflops(2);
    double speed[N_SIZES][STEPS];
    /* <<measure every step at every size>> */
    nn_rng r;
    nn_rng_seed(&r, XP_SEED, 8);
    for (int s = 0; s < N_SIZES; s++) {
        size_t n = sizes[s];
        /* <<fresh random matrices A, B and C of size n>> */
        nn_real *A = malloc(sizeof(nn_real) * n * n), *B = malloc(sizeof(nn_real) * n * n);
        nn_real *C = malloc(sizeof(nn_real) * n * n);
        if (!A || !B || !C)
            xp_die("out of memory");
        for (size_t i = 0; i < n * n; i++) {
            A[i] = (nn_real)(2 * nn_rng_uniform(&r) - 1);
            B[i] = (nn_real)(2 * nn_rng_uniform(&r) - 1);
        }
        gemm_case g = { NN_NO_TRANS, NN_NO_TRANS, n, n, n, A, B, C };
        for (int blas = 0; blas < 2; blas++) {
            for (int k = 0; k < STEPS; k++)
                if (steps[k].openblas == blas) {
                    omp_set_num_threads(steps[k].threads);
                    openblas_set_num_threads(steps[k].threads);
                    speed[s][k] = n <= steps[k].largest ? step_gflops(steps[k].step, &g, 3)
                                                         : -1;
                }
            /* <<pause so that the other library's threads go to sleep>> */
            nanosleep(&(struct timespec){ .tv_nsec = 200000000 }, NULL);
        }
        free(A), free(B), free(C);
    }
    /* <<write steps.dat>> */
    FILE *f = xp_open(dir, "steps.dat");
    fprintf(f, "# n");
    for (int k = 0; k < STEPS; k++)
        fprintf(f, " %s", steps[k].name);
    fprintf(f, " peak1 (GFLOP/s)\n");
    for (int s = 0; s < N_SIZES; s++) {
        fprintf(f, "%zu", sizes[s]);
        for (int k = 0; k < STEPS; k++)
            if (speed[s][k] < 0)
                fprintf(f, " -");
            else
                fprintf(f, " %.3f", speed[s][k]);
        fprintf(f, " %.3f\n", peak1);
    }
    xp_close(f);
    /* <<define the numbers the text quotes about the steps>> */
    const double *q = speed[QUOTED], *big = speed[N_SIZES - 1];
    FILE *nf = xp_open(dir, "numbers.tex");
    xp_def(nf, "fastPeakOne", "%.0f", peak1);
    xp_def(nf, "fastPeakTwo", "%.0f", peak2);
    xp_def(nf, "fastN", "%zu", sizes[QUOTED]);
    xp_def(nf, "fastIjk", "%.1f", q[0]);
    xp_def(nf, "fastRef", "%.1f", q[1]);
    xp_def(nf, "fastRefOverIjk", "%.0f", q[1] / q[0]);
    xp_def(nf, "fastBlocked", "%.1f", q[2]);
    xp_def(nf, "fastPortable", "%.1f", q[3]);
    xp_def(nf, "fastOne", "%.0f", q[4]);
    xp_def(nf, "fastOneOverRef", "%.0f", q[4] / q[1]);
    xp_def(nf, "fastOneBig", "%.0f", big[4]);
    xp_def(nf, "fastOnePct", "%.0f", 100 * big[4] / peak1);
    xp_def(nf, "fastTwoBig", "%.0f", big[5]);
    xp_def(nf, "fastBlasOneBig", "%.0f", big[6]);
    xp_def(nf, "fastBlasTwoBig", "%.0f", big[7]);
    xp_def(nf, "fastAvxOverPortable", "%.0f", big[4] / big[3]);
    xp_close(nf);
    return 0;
}

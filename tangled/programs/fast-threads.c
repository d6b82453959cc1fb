/* Tangled from book/a2-310-fast.nw by 'make tangle'. Edit the book, not this file. */
/* The products of training, on one and two threads, against OpenBLAS
   (figure fast-threads). */
/* needs: openblas */
#include <omp.h>
#include "nn.h"
#include "experiment.h"
#include "gemm-steps.h"

/* <<the products of one dense layer of the MNIST network>> */
static const struct {
    const char *label;
    nn_trans ta, tb;
    size_t M, N, K;
} layer_gemms[] = {
    { "$XW$", NN_NO_TRANS, NN_NO_TRANS, 64, 800, 784 },
    { "$\\mathit{dZ}W^{\\top}$", NN_NO_TRANS, NN_TRANS, 64, 784, 800 },
    { "$X^{\\top}\\mathit{dZ}$", NN_TRANS, NN_NO_TRANS, 784, 800, 64 },
    { "$XW$", NN_NO_TRANS, NN_NO_TRANS, 256, 800, 784 },
    { "$\\mathit{dZ}W^{\\top}$", NN_NO_TRANS, NN_TRANS, 256, 784, 800 },
    { "$X^{\\top}\\mathit{dZ}$", NN_TRANS, NN_NO_TRANS, 784, 800, 256 },
};
enum { N_GEMMS = sizeof layer_gemms / sizeof layer_gemms[0], BIG = 800 * 800 };

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    double speed[N_GEMMS][4];               /* ours 1, ours 2, OpenBLAS 1, OpenBLAS 2 */
    /* <<measure each product with both libraries and both thread counts>> */
    nn_real *A = malloc(sizeof(nn_real) * BIG), *B = malloc(sizeof(nn_real) * BIG);
    nn_real *C = malloc(sizeof(nn_real) * BIG);
    if (!A || !B || !C)
        xp_die("out of memory");
    nn_rng r;
    nn_rng_seed(&r, XP_SEED, 8);
    for (size_t i = 0; i < BIG; i++) {
        A[i] = (nn_real)(2 * nn_rng_uniform(&r) - 1);
        B[i] = (nn_real)(2 * nn_rng_uniform(&r) - 1);
    }
    for (int s = 0; s < N_GEMMS; s++) {
        gemm_case g = { layer_gemms[s].ta, layer_gemms[s].tb, layer_gemms[s].M,
                        layer_gemms[s].N, layer_gemms[s].K, A, B, C };
        for (int lib = 0; lib < 2; lib++) {
            for (int t = 1; t <= 2; t++) {
                omp_set_num_threads(t);
                openblas_set_num_threads(t);
                gemm_step *step = lib ? step_openblas : step_fast;
                speed[s][2 * lib + t - 1] = step_gflops(step, &g, 5);
            }
            /* <<pause so that the other library's threads go to sleep>> */
            nanosleep(&(struct timespec){ .tv_nsec = 200000000 }, NULL);
        }
    }
    free(A), free(B), free(C);
    /* <<write threads.dat and the numbers>> */
    FILE *f = xp_open(dir, "threads.dat");
    fprintf(f, "# product batch ours1 ours2 openblas1 openblas2 (GFLOP/s)\n");
    double lo[4] = { 1e9, 1e9, 1e9, 1e9 }, hi[4] = { 0, 0, 0, 0 };
    for (int s = 0; s < N_GEMMS; s++) {
        const double *v = speed[s];
        size_t batch = layer_gemms[s].ta == NN_TRANS ? layer_gemms[s].K : layer_gemms[s].M;
        fprintf(f, "\"%s~%zu\" %.2f %.2f %.2f %.2f\n", layer_gemms[s].label, batch, v[0],
                v[1], v[2], v[3]);
        double x[4] = { v[1] / v[0], v[3] / v[2], v[0] / v[2], v[1] / v[3] };
        for (int k = 0; k < 4; k++) {
            lo[k] = x[k] < lo[k] ? x[k] : lo[k];
            hi[k] = x[k] > hi[k] ? x[k] : hi[k];
        }
    }
    xp_close(f);
    FILE *nf = xp_open(dir, "numbers.tex");
    const char *name[4] = { "fastSpeedup", "fastBlasSpeedup", "fastRatioOne",
                            "fastRatioTwo" };
    char buf[64];
    for (int k = 0; k < 4; k++) {
        snprintf(buf, sizeof buf, "%sLo", name[k]);
        xp_def(nf, buf, "%.2f", lo[k]);
        snprintf(buf, sizeof buf, "%sHi", name[k]);
        xp_def(nf, buf, "%.2f", hi[k]);
    }
    double weights = 784 * 800 + 800 * 800 + 800 * 10;
    xp_def(nf, "fastEpochGflop", "%.0f", 6 * weights * 60000 / 1e9);
    xp_close(nf);
    return 0;
}

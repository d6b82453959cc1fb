/* Tangled from book/a2-310-fast.nw by 'make tangle'. Edit the book, not this file. */
/* make bench: the library's GEMM against OpenBLAS on the products of training. */
/* needs: openblas */
#include <omp.h>
#include <stdio.h>
#include "nn.h"
#include "gemm-steps.h"
#include "peak.h"

/* <<the products the benchmark measures>> */
static const struct {
    const char *name;
    nn_trans ta, tb;
    size_t M, N, K;                     /* 0 stands for the batch size */
} products[] = {
    { "Z = X W      (layer 1)", NN_NO_TRANS, NN_NO_TRANS, 0, 800, 784 },
    { "Z = X W      (layer 2)", NN_NO_TRANS, NN_NO_TRANS, 0, 800, 800 },
    { "dX = dZ W^T  (layer 1)", NN_NO_TRANS, NN_TRANS, 0, 784, 800 },
    { "dX = dZ W^T  (layer 2)", NN_NO_TRANS, NN_TRANS, 0, 800, 800 },
    { "dW = X^T dZ  (layer 1)", NN_TRANS, NN_NO_TRANS, 784, 800, 0 },
    { "dW = X^T dZ  (layer 2)", NN_TRANS, NN_NO_TRANS, 800, 800, 0 },
};
static const size_t batches[] = { 64, 256 };
enum { PRODUCTS = sizeof products / sizeof products[0], BENCH_BIG = 800 * 800 };

int main(int argc, char **argv)
{
    if (argc != 1) {
        fprintf(stderr, "usage: %s (no options: it measures one fixed set of "
                        "products)\n", argv[0]);
        return 2;
    }
    printf("GEMM, %s precision: the library against OpenBLAS (median of 7, GFLOP/s)\n",
           NN_PRECISION);
    printf("peak of the machine: %.1f GFLOP/s on 1 thread, %.1f on 2\n\n",
           peak_gflops(1), peak_gflops(2));
    /* <<measure and print the table>> */
    nn_real *A = malloc(sizeof(nn_real) * BENCH_BIG);
    nn_real *B = malloc(sizeof(nn_real) * BENCH_BIG);
    nn_real *C = malloc(sizeof(nn_real) * BENCH_BIG);
    if (!A || !B || !C) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < BENCH_BIG; i++) {
        A[i] = (nn_real)((double)(i % 1009) / 1009 - 0.5);
        B[i] = (nn_real)((double)(i % 997) / 997 - 0.5);
    }
    printf("%-24s %5s %5s %5s %7s %9s %9s %6s\n", "product", "M", "N", "K", "threads",
           "nn_gemm", "OpenBLAS", "ratio");
    for (int t = 1; t <= 2; t++)
        for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++)
            for (int p = 0; p < PRODUCTS; p++) {
                /* <<measure one product with both libraries and print a row>> */
                size_t M = products[p].M ? products[p].M : batches[b];
                size_t K = products[p].K ? products[p].K : batches[b];
                gemm_case g = { products[p].ta, products[p].tb, M, products[p].N, K, A, B, C };
                omp_set_num_threads(t);
                double ours = step_gflops(step_fast, &g, 7);
                /* <<pause so that the other library's threads go to sleep>> */
                nanosleep(&(struct timespec){ .tv_nsec = 200000000 }, NULL);
                openblas_set_num_threads(t);
                double theirs = step_gflops(step_openblas, &g, 7);
                /* <<pause so that the other library's threads go to sleep>> */
                nanosleep(&(struct timespec){ .tv_nsec = 200000000 }, NULL);
                printf("%-24s %5zu %5zu %5zu %7d %9.1f %9.1f %6.2f\n", products[p].name, M,
                       products[p].N, K, t, ours, theirs, ours / theirs);
                fflush(stdout);
            }
    free(A), free(B), free(C);
    return 0;
}

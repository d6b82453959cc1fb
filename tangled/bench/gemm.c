/* Tangled from book/a2-310-fast.nw by 'make tangle'. Edit the book, not this file. */
/* make bench: the library's GEMM against OpenBLAS on the products of training. */
/* needs: openblas */
#include <omp.h>
#include <stdio.h>
#include "nn.h"
#include "gemm-steps.h"
#include "gemm-products.h"
#include "peak.h"

int main(int argc, char **argv)
{
    if (argc != 1) {
        fprintf(stderr, "usage: %s (no options: it measures one fixed set of "
                        "products)\n", argv[0]);
        return 2;
    }
    printf("GEMM, %s precision: the library against OpenBLAS (medians of %d rounds, "
           "GFLOP/s)\n", NN_PRECISION, GEMM_ROUNDS);
    double peak[2] = { peak_gflops(1), peak_gflops(2) };
    printf("peak of the machine: %.1f GFLOP/s on 1 thread, %.1f on 2\n\n", peak[0],
           peak[1]);
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
    double ratio[2][GEMM_BATCHES][GEMM_LAYERS][GEMM_KINDS];
    printf("%-22s %5s %5s %5s %7s %9s %9s %6s\n", "product", "M", "N", "K", "threads",
           "nn_gemm", "OpenBLAS", "ratio");
    for (int t = 1; t <= 2; t++)
        for (size_t b = 0; b < GEMM_BATCHES; b++)
            for (size_t l = 0; l < GEMM_LAYERS; l++)
                for (int k = 0; k < GEMM_KINDS; k++) {
                    /* <<measure one product with both libraries and print a row>> */
                    gemm_case g = { .A = A, .B = B, .C = C };
                    gemm_product(l, k, gemm_batches[b], &g.ta, &g.tb, &g.M, &g.N, &g.K);
                    double ours[GEMM_ROUNDS], theirs[GEMM_ROUNDS], rounds[GEMM_ROUNDS];
                    for (int round = 0; round < GEMM_ROUNDS; round++) {
                        omp_set_num_threads(t);
                        ours[round] = step_gflops(step_fast, &g, 3);
                        /* <<pause so that the other library's threads go to sleep>> */
                        nanosleep(&(struct timespec){ .tv_nsec = 200000000 }, NULL);
                        openblas_set_num_threads(t);
                        theirs[round] = step_gflops(step_openblas, &g, 3);
                        /* <<pause so that the other library's threads go to sleep>> */
                        nanosleep(&(struct timespec){ .tv_nsec = 200000000 }, NULL);
                        rounds[round] = ours[round] / theirs[round];
                    }
                    /* <<the medians of the rounds, and the product's row>> */
                    qsort(ours, GEMM_ROUNDS, sizeof ours[0], steps_cmp);
                    qsort(theirs, GEMM_ROUNDS, sizeof theirs[0], steps_cmp);
                    qsort(rounds, GEMM_ROUNDS, sizeof rounds[0], steps_cmp);
                    ratio[t - 1][b][l][k] = rounds[GEMM_ROUNDS / 2];
                    char name[64];
                    snprintf(name, sizeof name, "%-11s %zux%zu", gemm_kind_formula[k], gemm_layers[l].in,
                             gemm_layers[l].out);
                    printf("%-22s %5zu %5zu %5zu %7d %9.1f %9.1f %6.2f\n", name, g.M, g.N, g.K, t,
                           ours[GEMM_ROUNDS / 2], theirs[GEMM_ROUNDS / 2], rounds[GEMM_ROUNDS / 2]);
                    fflush(stdout);
                }
    free(A), free(B), free(C);
    /* <<print every ratio as a result line>> */
    printf("\n");
    for (int t = 1; t <= 2; t++)
        for (size_t b = 0; b < GEMM_BATCHES; b++)
            for (size_t l = 0; l < GEMM_LAYERS; l++)
                for (int k = 0; k < GEMM_KINDS; k++) {
                    char key[64];
                    printf("result %s %.3f\n", gemm_product_key(key, l, k, gemm_batches[b],
                                                                t), ratio[t - 1][b][l][k]);
                }
    printf("result peak_gflops_1 %.1f\nresult peak_gflops_2 %.1f\n", peak[0], peak[1]);
    printf("result kernel %s\n", nn_gemm_kernel_available(NN_GEMM_AVX512) ? "AVX-512"
                                 : nn_gemm_kernel_available(NN_GEMM_AVX2) ? "AVX2"
                                 : "portable");
    return 0;
}

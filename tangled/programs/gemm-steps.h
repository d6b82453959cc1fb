/* Tangled from book/a2-310-fast.nw by 'make tangle'. Edit the book, not this file. */
/* The steps to a fast GEMM, from three loops to the library's GEMM, and timing. */
#ifndef GEMM_STEPS_H
#define GEMM_STEPS_H
#include <cblas.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "nn.h"

/* <<one product to measure: gemm_case>> */
typedef struct gemm_case {
    nn_trans ta, tb;
    size_t M, N, K;                 /* op(A) is M x K, op(B) K x N, C M x N */
    const nn_real *A, *B;           /* stored without padding: ld = row length */
    nn_real *C;
} gemm_case;

typedef void gemm_step(const gemm_case *g);     /* C = op(A) op(B) */
/* <<the textbook loop order>> */
static inline void step_ijk(const gemm_case *g)        /* no transposition */
{
    for (size_t i = 0; i < g->M; i++)
        for (size_t j = 0; j < g->N; j++) {
            nn_real s = 0;
            for (size_t k = 0; k < g->K; k++)
                s += g->A[i * g->K + k] * g->B[k * g->N + j];
            g->C[i * g->N + j] = s;
        }
}
/* <<the loops blocked for the cache>> */
static inline void step_blocked(const gemm_case *g)    /* no transposition */
{
    enum { KB = 128, NB = 256 };
    size_t M = g->M, N = g->N, K = g->K;
    memset(g->C, 0, sizeof(nn_real) * M * N);
    for (size_t p = 0; p < K; p += KB)
        for (size_t jj = 0; jj < N; jj += NB) {
            size_t kend = p + KB < K ? p + KB : K, jend = jj + NB < N ? jj + NB : N;
            for (size_t i = 0; i < M; i++) {
                nn_real *c = g->C + i * N;
                for (size_t k = p; k < kend; k++) {
                    nn_real a = g->A[i * K + k];
                    const nn_real *b = g->B + k * N;
                    for (size_t j = jj; j < jend; j++)
                        c[j] += a * b[j];
                }
            }
        }
}
/* <<the library's routines and OpenBLAS as steps>> */
#define STEP_ARGS(g) (g)->ta, (g)->tb, (g)->M, (g)->N, (g)->K, 1, (g)->A,           \
    (g)->ta == NN_NO_TRANS ? (g)->K : (g)->M, (g)->B,                                \
    (g)->tb == NN_NO_TRANS ? (g)->N : (g)->K, 0, (g)->C, (g)->N

static inline void step_ref(const gemm_case *g) { nn_gemm_ref(STEP_ARGS(g)); }
static inline void step_portable(const gemm_case *g) { nn_gemm_portable(STEP_ARGS(g)); }
static inline void step_fast(const gemm_case *g) { nn_gemm(STEP_ARGS(g)); }

static inline void step_openblas(const gemm_case *g)
{
#ifdef NN_DOUBLE
    cblas_dgemm(
#else
    cblas_sgemm(
#endif
        CblasRowMajor, g->ta == NN_TRANS ? CblasTrans : CblasNoTrans,
        g->tb == NN_TRANS ? CblasTrans : CblasNoTrans, (int)g->M, (int)g->N, (int)g->K,
        1, g->A, g->ta == NN_NO_TRANS ? (int)g->K : (int)g->M, g->B,
        g->tb == NN_NO_TRANS ? (int)g->N : (int)g->K, 0, g->C, (int)g->N);
}
/* <<measure a step's speed: median of several runs>> */
static inline double steps_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static inline int steps_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static inline double step_gflops(gemm_step *step, const gemm_case *g, int runs)
{
    double flops = 2.0 * (double)g->M * (double)g->N * (double)g->K, speed[31];
    double t = steps_now();
    step(g);
    double first = steps_now() - t;
    long calls = first >= 0.02 ? 1 : (long)(0.02 / first) + 1;
    runs = runs < 1 ? 1 : runs > 31 ? 31 : runs;
    for (int r = 0; r < runs; r++) {
        t = steps_now();
        for (long c = 0; c < calls; c++)
            step(g);
        speed[r] = flops * (double)calls / (steps_now() - t) / 1e9;
    }
    qsort(speed, (size_t)runs, sizeof speed[0], steps_cmp);
    return speed[runs / 2];
}
#endif

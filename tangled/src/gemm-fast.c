/* Tangled from book/310-fast.nw by 'make tangle'. Edit the book, not this file. */
#include <string.h>
#include <omp.h>
#include "nn.h"
#ifdef NN_CBLAS
#include <cblas.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* <<block sizes>> */
enum {
    MR = 6,                             /* rows of a tile of C */
    NR = 64 / sizeof(nn_real),          /* columns of a tile: 16 floats, 8 doubles */
    KC = 256,                           /* k per block: a B sliver is 16 KiB (L1) */
    MC = 480 / sizeof(nn_real)          /* rows of an A block: 120 KiB (L2) */
};
/* <<an operand: where op(X) is and how to read it>> */
typedef struct operand {
    const nn_real *p;
    size_t ld;
    nn_trans t;
} operand;

/* <<pack a block of op(A) into slivers of MR rows>> */
/* Rows i0 .. i0+m-1, columns k0 .. k0+kc-1 of op(A), into ceil(m/MR) slivers. */
static void pack_a(operand A, size_t i0, size_t m, size_t k0, size_t kc, nn_real *pa)
{
    for (size_t i = 0; i < m; i += MR, pa += MR * kc) {
        size_t mr = m - i < MR ? m - i : MR;
        if (A.t == NN_NO_TRANS) {
            const nn_real *row[MR];
            for (size_t r = 0; r < MR; r++)
                row[r] = A.p + (i0 + i + (r < mr ? r : 0)) * A.ld + k0;
            for (size_t k = 0; k < kc; k++)
                for (size_t r = 0; r < MR; r++)
                    pa[k * MR + r] = r < mr ? row[r][k] : 0;
        } else
            for (size_t k = 0; k < kc; k++) {
                const nn_real *src = A.p + (k0 + k) * A.ld + i0 + i;
                for (size_t r = 0; r < MR; r++)
                    pa[k * MR + r] = r < mr ? src[r] : 0;
            }
    }
}
/* <<pack a sliver of op(B), NR columns wide>> */
/* Rows k0 .. k0+kc-1, columns j0 .. j0+nr-1 of op(B), into one sliver. */
static void pack_b(operand B, size_t k0, size_t kc, size_t j0, size_t nr, nn_real *pb)
{
    if (B.t == NN_NO_TRANS && nr == NR)
        for (size_t k = 0; k < kc; k++)
            memcpy(pb + k * NR, B.p + (k0 + k) * B.ld + j0, sizeof(nn_real) * NR);
    else if (B.t == NN_NO_TRANS)
        for (size_t k = 0; k < kc; k++) {
            const nn_real *src = B.p + (k0 + k) * B.ld + j0;
            for (size_t c = 0; c < NR; c++)
                pb[k * NR + c] = c < nr ? src[c] : 0;
        }
    else {
        /* <<pack a sliver of a transposed B>> */
        const nn_real *col[NR];
        for (size_t c = 0; c < NR; c++)
            col[c] = B.p + (j0 + (c < nr ? c : 0)) * B.ld + k0;
        if (nr == NR)
            for (size_t k = 0; k < kc; k++)
                for (size_t c = 0; c < NR; c++)
                    pb[k * NR + c] = col[c][k];
        else
            for (size_t k = 0; k < kc; k++)
                for (size_t c = 0; c < NR; c++)
                    pb[k * NR + c] = c < nr ? col[c][k] : 0;
    }
}

/* <<the portable micro-kernel>> */
typedef nn_real pvec __attribute__((vector_size(16)));
enum { PL = 16 / sizeof(nn_real), PV = NR / PL };  /* lanes; vectors in a row */

static void kernel_portable(size_t kc, const nn_real *a, const nn_real *b,
                            nn_real alpha, nn_real beta, nn_real *c, size_t ldc)
{
    pvec acc[MR][PV], bv[PV];
    memset(acc, 0, sizeof acc);
    for (size_t k = 0; k < kc; k++, a += MR, b += NR) {
        memcpy(bv, b, sizeof bv);
        for (size_t i = 0; i < MR; i++)
            for (size_t v = 0; v < PV; v++)
                acc[i][v] += a[i] * bv[v];
    }
    for (size_t i = 0; i < MR; i++)
        for (size_t j = 0; j < NR; j++) {
            nn_real x = alpha * acc[i][j / PL][j % PL];
            c[i * ldc + j] = beta == 0 ? x : x + beta * c[i * ldc + j];
        }
}
/* <<the AVX2 micro-kernel>> */
#if defined(__x86_64__)
#ifdef NN_DOUBLE
typedef __m256d vreg;
#define V(op) _mm256_##op##_pd
#define V_BROADCAST _mm256_broadcast_sd
#else
typedef __m256 vreg;
#define V(op) _mm256_##op##_ps
#define V_BROADCAST _mm256_broadcast_ss
#endif
enum { VL = NR / 2 };                   /* lanes of a vector register */

/* <<multiply-add one row of the tile, and write it back>> */
#define KERNEL_ROW(i) x = V_BROADCAST(a + i);                                       \
                      c##i##0 = V(fmadd)(x, b0, c##i##0);                           \
                      c##i##1 = V(fmadd)(x, b1, c##i##1)
#define KERNEL_PUT(i) kernel_put(c + i * ldc, c##i##0, va, vb, beta);              \
                      kernel_put(c + i * ldc + VL, c##i##1, va, vb, beta)

__attribute__((target("avx2,fma")))
static inline void kernel_put(nn_real *p, vreg acc, vreg va, vreg vb, nn_real beta)
{
    vreg v = V(mul)(va, acc);
    V(storeu)(p, beta == 0 ? v : V(add)(v, V(mul)(vb, V(loadu)(p))));
}
/* <<the AVX2 micro-kernel's loop>> */
__attribute__((target("avx2,fma")))
static void kernel_avx2(size_t kc, const nn_real *a, const nn_real *b, nn_real alpha,
                        nn_real beta, nn_real *c, size_t ldc)
{
    vreg c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, x;
    c00 = c01 = c10 = c11 = c20 = c21 = V(setzero)();
    c30 = c31 = c40 = c41 = c50 = c51 = V(setzero)();
    for (int i = 0; i < MR; i++) {
        _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + i * ldc + NR - 1), _MM_HINT_T0);
    }
    for (size_t k = 0; k < kc; k++, a += MR, b += NR) {
        vreg b0 = V(load)(b), b1 = V(load)(b + VL);
        KERNEL_ROW(0); KERNEL_ROW(1); KERNEL_ROW(2);
        KERNEL_ROW(3); KERNEL_ROW(4); KERNEL_ROW(5);
    }
    vreg va = V_BROADCAST(&alpha), vb = V_BROADCAST(&beta);
    KERNEL_PUT(0); KERNEL_PUT(1); KERNEL_PUT(2);
    KERNEL_PUT(3); KERNEL_PUT(4); KERNEL_PUT(5);
}
#endif
/* <<choose the micro-kernel for this processor>> */
typedef void kernel_fn(size_t kc, const nn_real *a, const nn_real *b, nn_real alpha,
                       nn_real beta, nn_real *c, size_t ldc);
/* <<choose the micro-kernel for this processor>> */
static kernel_fn *fastest_kernel(void)
{
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return kernel_avx2;
#endif
    return kernel_portable;
}

/* <<write an edge tile into C>> */
static void write_edge(size_t mr, size_t nr, const nn_real *t, nn_real beta,
                       nn_real *c, size_t ldc)
{
    for (size_t i = 0; i < mr; i++)
        for (size_t j = 0; j < nr; j++)
            c[i * ldc + j] = beta == 0 ? t[i * NR + j]
                                       : t[i * NR + j] + beta * c[i * ldc + j];
}
/* <<one thread's share of the product>> */
static void gemm_block(kernel_fn *kernel, size_t i0, size_t i1, size_t j0, size_t j1,
                       size_t K, nn_real alpha, operand A, operand B, nn_real beta,
                       nn_real *C, size_t ldc)
{
    _Alignas(64) nn_real pa[MC * KC], pb[KC * NR], t[MR * NR];
    size_t pieces = (K + KC - 1) / KC, kstep = (K + pieces - 1) / pieces;
    size_t blocks = (i1 - i0 + MC - 1) / MC;
    size_t mstep = ((i1 - i0 + blocks - 1) / blocks + MR - 1) / MR * MR;
    for (size_t pc = 0; pc < K; pc += kstep) {
        size_t kc = K - pc < kstep ? K - pc : kstep;
        nn_real beta_here = pc == 0 ? beta : 1;
        for (size_t ic = i0; ic < i1; ic += mstep) {
            size_t mc = i1 - ic < mstep ? i1 - ic : mstep;
            pack_a(A, ic, mc, pc, kc, pa);
            for (size_t jr = j0; jr < j1; jr += NR) {
                size_t nr = j1 - jr < NR ? j1 - jr : NR;
                pack_b(B, pc, kc, jr, nr, pb);
                /* <<run the kernel on every sliver of the A block>> */
                for (size_t ir = 0; ir < mc; ir += MR) {
                    size_t mr = mc - ir < MR ? mc - ir : MR;
                    nn_real *c = C + (ic + ir) * ldc + jr;
                    if (mr == MR && nr == NR)
                        kernel(kc, pa + ir * kc, pb, alpha, beta_here, c, ldc);
                    else {
                        kernel(kc, pa + ir * kc, pb, alpha, 0, t, NR);
                        write_edge(mr, nr, t, beta_here, c, ldc);
                    }
                }
            }
        }
    }
}
/* <<scale C when there is no product>> */
static void scale_only(size_t M, size_t N, nn_real beta, nn_real *C, size_t ldc)
{
    if (beta == 1)
        return;
    for (size_t i = 0; i < M; i++)
        for (size_t j = 0; j < N; j++)
            C[i * ldc + j] = beta == 0 ? 0 : beta * C[i * ldc + j];
}
/* <<divide the tiles among the threads>> */
static void gemm_with(kernel_fn *kernel, nn_trans ta, nn_trans tb, size_t M, size_t N,
                      size_t K, nn_real alpha, const nn_real *A, size_t lda,
                      const nn_real *B, size_t ldb, nn_real beta, nn_real *C,
                      size_t ldc)
{
    if (M == 0 || N == 0)
        return;
    if (K == 0 || alpha == 0) {
        scale_only(M, N, beta, C, ldc);
        return;
    }
    operand a = { A, lda, ta }, b = { B, ldb, tb };
    /* <<decide how many threads, and along which dimension>> */
    enum { WORK_PER_THREAD = 1 << 18 };     /* multiply-adds */
    size_t row_tiles = (M + MR - 1) / MR, col_tiles = (N + NR - 1) / NR;
    int by_cols = col_tiles >= row_tiles;
    size_t tiles = by_cols ? col_tiles : row_tiles;
    size_t most = M * N * K / WORK_PER_THREAD + 1;
    int threads = omp_get_max_threads();
    if ((size_t)threads > most)
        threads = (int)most;
    if ((size_t)threads > tiles)
        threads = (int)tiles;
    #pragma omp parallel num_threads(threads) if (threads > 1)
    {
        size_t p = (size_t)omp_get_thread_num(), np = (size_t)omp_get_num_threads();
        size_t t0 = tiles * p / np, t1 = tiles * (p + 1) / np;
        if (t0 < t1 && by_cols)
            gemm_block(kernel, 0, M, t0 * NR, t1 * NR < N ? t1 * NR : N, K, alpha, a, b,
                       beta, C, ldc);
        else if (t0 < t1)
            gemm_block(kernel, t0 * MR, t1 * MR < M ? t1 * MR : M, 0, N, K, alpha, a, b,
                       beta, C, ldc);
    }
}

/* <<the fast GEMM's entry points>> */
void nn_gemm(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K, nn_real alpha,
             const nn_real *A, size_t lda, const nn_real *B, size_t ldb,
             nn_real beta, nn_real *C, size_t ldc)
{
#ifdef NN_CBLAS
    /* <<hand the product to CBLAS>> */
    (void)fastest_kernel;                   /* compiled, but not used with CBLAS */
    if (M == 0 || N == 0)
        return;
    if (K == 0 || alpha == 0) {
        scale_only(M, N, beta, C, ldc);
        return;
    }
    #ifdef NN_DOUBLE
    cblas_dgemm(
    #else
    cblas_sgemm(
    #endif
        CblasRowMajor, ta == NN_TRANS ? CblasTrans : CblasNoTrans,
        tb == NN_TRANS ? CblasTrans : CblasNoTrans, (int)M, (int)N, (int)K, alpha, A,
        (int)lda, B, (int)ldb, beta, C, (int)ldc);
#else
    gemm_with(fastest_kernel(), ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
#endif
}

void nn_gemm_portable(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K,
                      nn_real alpha, const nn_real *A, size_t lda, const nn_real *B,
                      size_t ldb, nn_real beta, nn_real *C, size_t ldc)
{
    gemm_with(kernel_portable, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

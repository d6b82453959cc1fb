/* Tangled from book/310-fast.nw, book/320-speed.nw by 'make tangle'. Edit the book, not this file. */
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
    NR_MAX = 4 * NR,                    /* columns of the AVX-512 kernel's tile */
    KC = 256,                           /* k per block: an AVX2 B sliver is 16 KiB */
    MC = 480 / sizeof(nn_real),         /* rows of an A block: 120 KiB (L2) */
    NC = 1024 / sizeof(nn_real)         /* columns of a B panel: 256 KiB (L2, L3) */
};
/* <<how many steps ahead the wide kernel asks for a row of B read in place>> */
enum { IN_PLACE_AHEAD = 6 };            /* steps of k */
/* <<an operand: where op(X) is and how to read it>> */
typedef struct operand {
    const nn_real *p;
    size_t ld;
    nn_trans t;
} operand;
/* <<what to call when rows of C are finished>> */
enum { DONE_BLOCK = 128 << 10 };        /* bytes of C per finished block */

typedef struct done_call {
    nn_gemm_block_fn *fn;               /* NULL: nothing to call */
    void *ctx;
    int own;                            /* C is a work area: blocks may stay in cs */
} done_call;
static const done_call NO_DONE_CALL = { NULL, NULL, 0 };

/* <<pack a sliver of op(A) at the bottom edge>> */
/* Rows i0 .. i0+mr-1 (mr < MR), columns k0 .. k0+kc-1 of op(A), padded. */
static void pack_a_edge(operand A, size_t i0, size_t mr, size_t k0, size_t kc,
                        nn_real *pa)
{
    if (A.t == NN_NO_TRANS) {
        const nn_real *row[MR];
        for (size_t r = 0; r < MR; r++)
            row[r] = A.p + (i0 + (r < mr ? r : 0)) * A.ld + k0;
        for (size_t k = 0; k < kc; k++)
            for (size_t r = 0; r < MR; r++)
                pa[k * MR + r] = r < mr ? row[r][k] : 0;
    } else
        for (size_t k = 0; k < kc; k++) {
            const nn_real *src = A.p + (k0 + k) * A.ld + i0;
            for (size_t r = 0; r < MR; r++)
                pa[k * MR + r] = r < mr ? src[r] : 0;
        }
}
/* <<pack a block of op(A) into slivers of MR rows>> */
/* Rows i0 .. i0+m-1, columns k0 .. k0+kc-1 of op(A), into ceil(m/MR) slivers. */
static void pack_a(operand A, size_t i0, size_t m, size_t k0, size_t kc, nn_real *pa)
{
    for (size_t i = 0; i < m; i += MR, pa += MR * kc)
        if (m - i < MR)
            pack_a_edge(A, i0 + i, m - i, k0, kc, pa);
        else if (A.t == NN_NO_TRANS) {
            const nn_real *row[MR];
            for (size_t r = 0; r < MR; r++)
                row[r] = A.p + (i0 + i + r) * A.ld + k0;
            for (size_t k = 0; k < kc; k++)
                for (size_t r = 0; r < MR; r++)
                    pa[k * MR + r] = row[r][k];
        } else
            for (size_t k = 0; k < kc; k++)
                memcpy(pa + k * MR, A.p + (k0 + k) * A.ld + i0 + i, sizeof *pa * MR);
}
/* <<pack a block of a transposed B with AVX>> */
#if defined(__x86_64__)
enum { TB = 32 / sizeof(nn_real) };     /* a block is TB x TB: 8 floats, 4 doubles */
/* <<transpose one block in registers>> */
#ifdef NN_DOUBLE
__attribute__((target("avx")))
static void transpose_block(const double *s, size_t ld, double *d, size_t ldd)
{
    __m256d r0 = _mm256_loadu_pd(s), r1 = _mm256_loadu_pd(s + ld);
    __m256d r2 = _mm256_loadu_pd(s + 2 * ld), r3 = _mm256_loadu_pd(s + 3 * ld);
    __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    _mm256_storeu_pd(d, _mm256_permute2f128_pd(t0, t2, 0x20));
    _mm256_storeu_pd(d + ldd, _mm256_permute2f128_pd(t1, t3, 0x20));
    _mm256_storeu_pd(d + 2 * ldd, _mm256_permute2f128_pd(t0, t2, 0x31));
    _mm256_storeu_pd(d + 3 * ldd, _mm256_permute2f128_pd(t1, t3, 0x31));
}
#else
/* <<transpose an 8-by-8 block of floats>> */
__attribute__((target("avx")))
static void transpose_block(const float *s, size_t ld, float *d, size_t ldd)
{
    __m256 r[8], t[8], u[8];
    for (int i = 0; i < 8; i++)
        r[i] = _mm256_loadu_ps(s + i * ld);
    for (int i = 0; i < 8; i += 2) {            /* a0 b0 a1 b1 | a4 b4 a5 b5 */
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {            /* a0 b0 c0 d0 | a4 b4 c4 d4 */
        u[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
        u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
        u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
        u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
    }
    for (int i = 0; i < 4; i++) {               /* columns i and i + 4 */
        __m256 lo = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
        __m256 hi = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
        _mm256_storeu_ps(d + i * ldd, lo);
        _mm256_storeu_ps(d + (i + 4) * ldd, hi);
    }
}
#endif
#endif
/* <<pack a block of a transposed B with AVX>> */
/* Columns 0 .. w-1 and k = 0 .. done-1 of a full sliver from the rows of the
   array at src (ld apart), in TB x TB blocks; returns done, 0 without AVX. */
static size_t pack_bt_blocks(const nn_real *src, size_t ld, size_t kc, size_t w,
                             nn_real *pb)
{
#if defined(__x86_64__)
    if (!__builtin_cpu_supports("avx"))
        return 0;
    size_t done = kc / TB * TB;
    for (size_t k = 0; k < done; k += TB)
        for (size_t c = 0; c < w; c += TB)
            transpose_block(src + c * ld + k, ld, pb + k * w + c, w);
    return done;
#else
    (void)src, (void)ld, (void)kc, (void)w, (void)pb;
    return 0;
#endif
}
/* <<pack a sliver of op(B), w columns wide>> */
/* Rows k0 .. k0+kc-1, columns j0 .. j0+nr-1 of op(B), into one sliver w wide. */
static void pack_b(operand B, size_t k0, size_t kc, size_t j0, size_t nr, size_t w,
                   nn_real *pb)
{
    if (B.t == NN_NO_TRANS && nr == w)
        for (size_t k = 0; k < kc; k++)
            memcpy(pb + k * w, B.p + (k0 + k) * B.ld + j0, sizeof(nn_real) * w);
    else if (B.t == NN_NO_TRANS)
        for (size_t k = 0; k < kc; k++) {
            const nn_real *src = B.p + (k0 + k) * B.ld + j0;
            for (size_t c = 0; c < w; c++)
                pb[k * w + c] = c < nr ? src[c] : 0;
        }
    else {
        /* <<pack a sliver of a transposed B>> */
        const nn_real *col[NR_MAX];
        for (size_t c = 0; c < w; c++)
            col[c] = B.p + (j0 + (c < nr ? c : 0)) * B.ld + k0;
        if (nr == w)
            for (size_t k = pack_bt_blocks(col[0], B.ld, kc, w, pb); k < kc; k++)
                for (size_t c = 0; c < w; c++)
                    pb[k * w + c] = col[c][k];
        else
            for (size_t k = 0; k < kc; k++)
                for (size_t c = 0; c < w; c++)
                    pb[k * w + c] = c < nr ? col[c][k] : 0;
    }
}
/* <<pack a panel of op(B): its slivers one after another>> */
/* Rows k0 .. k0+kc-1, columns j0 .. j0+n-1 of op(B), as slivers w wide, each
   kc * w numbers, one after another in pp. */
enum { PACK_AHEAD = 8 };                /* rows of B between a prefetch and its copy */

static void pack_b_panel(operand B, size_t k0, size_t kc, size_t j0, size_t n,
                         size_t w, nn_real *pp)
{
    size_t full = n / w;                    /* slivers that are not at the edge */
    if (B.t == NN_NO_TRANS)
        for (size_t k = 0; k < kc; k++) {
            const nn_real *src = B.p + (k0 + k) * B.ld + j0;
            if (k + PACK_AHEAD < kc)                /* the row we shall need soon */
                for (size_t b = 0; b < full * w; b += 64 / sizeof(nn_real))
                    __builtin_prefetch(src + PACK_AHEAD * B.ld + b);
            for (size_t s = 0; s < full; s++) {
                nn_real *line = pp + s * kc * w + k * w;
                if (w == NR)
                    memcpy(line, src + s * w, sizeof(nn_real) * NR);
                else
                    memcpy(line, src + s * w, sizeof(nn_real) * NR_MAX);
            }
        }
    else
        for (size_t s = 0; s < full; s++)
            pack_b(B, k0, kc, j0 + s * w, w, w, pp + s * kc * w);
    if (full * w < n)
        pack_b(B, k0, kc, j0 + full * w, n - full * w, w, pp + full * kc * w);
}

/* <<the portable micro-kernel>> */
typedef nn_real pvec __attribute__((vector_size(16)));
enum { PL = 16 / sizeof(nn_real), PV = NR / PL };  /* lanes; vectors in a row */

static void kernel_portable(size_t kc, const nn_real *a, size_t ra, size_t ka,
                            const nn_real *b, size_t ldb, nn_real alpha, nn_real beta,
                            nn_real *c, size_t ldc)
{
    pvec acc[MR][PV], bv[PV];
    memset(acc, 0, sizeof acc);
    for (size_t k = 0; k < kc; k++, a += ka, b += ldb) {
        memcpy(bv, b, sizeof bv);
        for (size_t i = 0; i < MR; i++)
            for (size_t v = 0; v < PV; v++)
                acc[i][v] += a[i * ra] * bv[v];
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
#define KERNEL_ROW(i) x = V_BROADCAST(a + i * ra);                                  \
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
static void kernel_avx2(size_t kc, const nn_real *a, size_t ra, size_t ka,
                        const nn_real *b, size_t ldb, nn_real alpha, nn_real beta,
                        nn_real *c, size_t ldc)
{
    vreg c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, x;
    c00 = c01 = c10 = c11 = c20 = c21 = V(setzero)();
    c30 = c31 = c40 = c41 = c50 = c51 = V(setzero)();
    for (int i = 0; i < MR; i++) {
        _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + i * ldc + NR - 1), _MM_HINT_T0);
    }
    #pragma GCC unroll 4
    for (size_t k = 0; k < kc; k++, a += ka, b += ldb) {
        vreg b0 = V(loadu)(b), b1 = V(loadu)(b + VL);
        KERNEL_ROW(0); KERNEL_ROW(1); KERNEL_ROW(2);
        KERNEL_ROW(3); KERNEL_ROW(4); KERNEL_ROW(5);
    }
    vreg va = V_BROADCAST(&alpha), vb = V_BROADCAST(&beta);
    KERNEL_PUT(0); KERNEL_PUT(1); KERNEL_PUT(2);
    KERNEL_PUT(3); KERNEL_PUT(4); KERNEL_PUT(5);
}
#endif
/* <<the AVX-512 micro-kernel>> */
#if defined(__x86_64__)
#ifdef NN_DOUBLE
typedef __m512d zreg;
#define Z(op) _mm512_##op##_pd
#define Z_BROADCAST(p) _mm512_set1_pd(*(p))
#else
typedef __m512 zreg;
#define Z(op) _mm512_##op##_ps
#define Z_BROADCAST(p) _mm512_set1_ps(*(p))
#endif
/* <<multiply-add one row of the wide tile, and write it back>> */
#define WIDE_ROW(i) x = Z_BROADCAST(a + i * ra);                                    \
                    c##i##0 = Z(fmadd)(x, b0, c##i##0);                             \
                    c##i##1 = Z(fmadd)(x, b1, c##i##1);                             \
                    c##i##2 = Z(fmadd)(x, b2, c##i##2);                             \
                    c##i##3 = Z(fmadd)(x, b3, c##i##3)
#define WIDE_PUT(i) wide_put(c + i * ldc, c##i##0, va, vb, beta);                  \
                    wide_put(c + i * ldc + NR, c##i##1, va, vb, beta);             \
                    wide_put(c + i * ldc + 2 * NR, c##i##2, va, vb, beta);         \
                    wide_put(c + i * ldc + 3 * NR, c##i##3, va, vb, beta)

__attribute__((target("avx512f")))
static inline void wide_put(nn_real *p, zreg acc, zreg va, zreg vb, nn_real beta)
{
    zreg v = Z(mul)(va, acc);
    Z(storeu)(p, beta == 0 ? v : Z(add)(v, Z(mul)(vb, Z(loadu)(p))));
}
/* <<the AVX-512 micro-kernel's loop>> */
__attribute__((target("avx512f")))
static void kernel_avx512(size_t kc, const nn_real *a, size_t ra, size_t ka,
                          const nn_real *b, size_t ldb, nn_real alpha, nn_real beta,
                          nn_real *c, size_t ldc)
{
    zreg c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, x;
    zreg c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
    c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = Z(setzero)();
    c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = Z(setzero)();
    c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = Z(setzero)();
    for (int i = 0; i < MR; i++)
        for (int j = 0; j < NR_MAX; j += NR)
            _mm_prefetch((const char *)(c + i * ldc + j), _MM_HINT_T0);
    for (size_t k = 0; k < kc; k++, a += ka, b += ldb) {
        zreg b0 = Z(loadu)(b), b1 = Z(loadu)(b + NR);
        zreg b2 = Z(loadu)(b + 2 * NR), b3 = Z(loadu)(b + 3 * NR);
        /* <<ask for the row of B that a later step will read in place>> */
        if (ldb != NR_MAX) {                    /* B read in place: its rows are apart */
            uintptr_t ahead = (uintptr_t)b + IN_PLACE_AHEAD * ldb * sizeof(nn_real);
            for (int j = 0; j < NR_MAX; j += NR)
                _mm_prefetch((const char *)(ahead + j * sizeof(nn_real)), _MM_HINT_T0);
        }
        WIDE_ROW(0); WIDE_ROW(1); WIDE_ROW(2);
        WIDE_ROW(3); WIDE_ROW(4); WIDE_ROW(5);
    }
    zreg va = Z_BROADCAST(&alpha), vb = Z_BROADCAST(&beta);
    WIDE_PUT(0); WIDE_PUT(1); WIDE_PUT(2);
    WIDE_PUT(3); WIDE_PUT(4); WIDE_PUT(5);
}
#endif
/* <<choose the micro-kernel for this processor>> */
typedef void kernel_fn(size_t kc, const nn_real *a, size_t ra, size_t ka,
                       const nn_real *b, size_t ldb, nn_real alpha, nn_real beta,
                       nn_real *c, size_t ldc);
typedef struct micro_kernel {
    kernel_fn *run;
    size_t nr;                          /* columns of its tile: NR or NR_MAX */
} micro_kernel;
/* <<choose the micro-kernel for this processor>> */
static micro_kernel kernel_of(nn_gemm_kernel k)
{
#if defined(__x86_64__)
    if (k == NN_GEMM_AVX512 && __builtin_cpu_supports("avx512f"))
        return (micro_kernel){ kernel_avx512, NR_MAX };
    if (k == NN_GEMM_AVX2 && __builtin_cpu_supports("avx2")
        && __builtin_cpu_supports("fma"))
        return (micro_kernel){ kernel_avx2, NR };
#endif
    (void)k;
    return (micro_kernel){ kernel_portable, NR };
}

static micro_kernel fastest_kernel(void)
{
    micro_kernel k = kernel_of(NN_GEMM_AVX512);
    return k.run != kernel_portable ? k : kernel_of(NN_GEMM_AVX2);
}

/* <<write an edge tile into C>> */
static void write_edge(size_t mr, size_t nr, size_t w, const nn_real *t, nn_real beta,
                       nn_real *c, size_t ldc)
{
    for (size_t i = 0; i < mr; i++)
        for (size_t j = 0; j < nr; j++)
            c[i * ldc + j] = beta == 0 ? t[i * w + j]
                                       : t[i * w + j] + beta * c[i * ldc + j];
}
/* <<one thread's share of the product>> */
/* The step, a multiple of unit and at most most (itself a multiple of unit),
   that cuts n into the fewest and most nearly equal parts. */
static size_t equal_steps(size_t n, size_t most, size_t unit)
{
    size_t parts = (n + most - 1) / most;
    return ((n + parts - 1) / parts + unit - 1) / unit * unit;
}

/* The length of the pieces of K: as equal as they can be, at most KC. */
static size_t piece_length(size_t K)
{
    size_t pieces = (K + KC - 1) / KC;
    return (K + pieces - 1) / pieces;
}
/* <<one thread's share of the product>> */
enum { IN_PLACE_ROWS = 128 };           /* at most this many rows: B is read in place */
/* <<one thread's share of the product>> */
static void gemm_block(micro_kernel kernel, size_t i0, size_t i1, size_t j0, size_t j1,
                       size_t K, size_t k0, size_t k1, nn_real alpha, operand A,
                       operand B, nn_real beta, nn_real *C, size_t ldc, done_call done)
{
    _Alignas(64) nn_real pa[MC * KC], pp[KC * NC], t[MR * NR_MAX];
    _Alignas(64) nn_real cs[DONE_BLOCK / sizeof(nn_real)];
    size_t kstep = piece_length(K);
    size_t nstep = equal_steps(j1 - j0, KC * NC / kstep / kernel.nr * kernel.nr,
                               kernel.nr);      /* kc * nstep <= KC * NC: pp holds it */
    size_t mstep = equal_steps(i1 - i0, MC * KC / kstep / MR * MR, MR);
    /* <<when done is called, blocks of C that stay in the cache>> */
    size_t cols = j1 - j0 < nstep ? j1 - j0 : nstep;
    if (done.fn) {
        size_t rows = DONE_BLOCK / sizeof(nn_real) / cols / MR * MR;
        if (rows < mstep)
            mstep = equal_steps(i1 - i0, rows > MR ? rows : MR, MR);
    }
    /* <<decide whether the blocks of C stay in the scratch cs>> */
    int own = done.own && k0 == 0 && k1 == K && K <= kstep
              && mstep * cols <= DONE_BLOCK / sizeof(nn_real);
    int in_place = B.t == NN_NO_TRANS && i1 - i0 <= IN_PLACE_ROWS;
    int a_in_place = A.t == NN_NO_TRANS
                     && (j1 - j0 <= kernel.nr || kernel.nr == NR_MAX);
    for (size_t pc = k0; pc < k1; pc += kstep) {
        size_t kc = K - pc < kstep ? K - pc : kstep, packed = (size_t)-1;
        nn_real beta_here = pc == k0 ? beta : 1;
        for (size_t jc = j0; jc < j1; jc += nstep) {
            size_t nc = j1 - jc < nstep ? j1 - jc : nstep;
            size_t here = in_place ? nc / kernel.nr * kernel.nr : 0;  /* read in B */
            if (here < nc)
                pack_b_panel(B, pc, kc, jc + here, nc - here, kernel.nr, pp);
            for (size_t ic = i0; ic < i1; ic += mstep) {
                size_t mc = i1 - ic < mstep ? i1 - ic : mstep;
                size_t whole = a_in_place ? mc / MR * MR : 0;   /* rows read in A */
                if (ic != packed && whole < mc)     /* pa holds another block or none */
                    pack_a(A, ic + whole, mc - whole, pc, kc, pa + whole * kc);
                packed = ic;
                nn_real *cb = own ? cs : C + ic * ldc + jc;
                size_t lc = own ? nc : ldc;
                /* <<run the kernel on every tile of the block>> */
                for (size_t jr = jc; jr < jc + nc; jr += kernel.nr) {
                    size_t nr = jc + nc - jr < kernel.nr ? jc + nc - jr : kernel.nr;
                    int in_b = jr < jc + here;                  /* this sliver is read in B itself */
                    const nn_real *pb = in_b ? B.p + pc * B.ld + jr
                                             : pp + (jr - jc - here) / kernel.nr * kc * kernel.nr;
                    size_t ldb = in_b ? B.ld : kernel.nr;
                    for (size_t ir = 0; ir < mc; ir += MR) {
                        size_t mr = mc - ir < MR ? mc - ir : MR;
                        nn_real *c = cb + ir * lc + (jr - jc);
                        int in_a = ir < whole;                  /* this sliver is read in A itself */
                        const nn_real *pt = in_a ? A.p + (ic + ir) * A.ld + pc
                                                 : pa + ir * kc;
                        size_t ra = in_a ? A.ld : 1, ka = in_a ? 1 : MR;
                        if (mr == MR && nr == kernel.nr)
                            kernel.run(kc, pt, ra, ka, pb, ldb, alpha, beta_here, c, lc);
                        else {
                            kernel.run(kc, pt, ra, ka, pb, ldb, alpha, 0, t, kernel.nr);
                            write_edge(mr, nr, kernel.nr, t, beta_here, c, lc);
                        }
                    }
                }
                if (done.fn && pc + kc == K)    /* this block of C is finished */
                    done.fn(done.ctx, ic, mc, jc, nc, cb, lc);
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
/* <<where two threads part the pieces of K>> */
/* The first k of the second of two halves of K, at a boundary of its pieces,
   when K has two or four pieces; 0 otherwise. */
static size_t halves_at(size_t K)
{
    size_t len = piece_length(K), pieces = (K + len - 1) / len;
    return pieces == 2 || pieces == 4 ? pieces / 2 * len : 0;
}
/* <<where two threads part the pieces of K>> */
enum { LATER_MOST = (256 << 10) / sizeof(nn_real) };    /* numbers of a later piece */

static void gemm_halves(micro_kernel kernel, size_t M, size_t N, size_t K,
                        nn_real alpha, operand a, operand b, nn_real beta, nn_real *C,
                        size_t ldc)
{
    nn_real later[2 * LATER_MOST];              /* alpha P_q, q in the second half */
    size_t half = halves_at(K), len = piece_length(K);
    size_t n_later = (K - half + len - 1) / len;
    #pragma omp parallel num_threads(2)
    {
        size_t p = (size_t)omp_get_thread_num();
        if (p == 0)
            gemm_block(kernel, 0, M, 0, N, K, 0, half, alpha, a, b, beta, C, ldc,
                       NO_DONE_CALL);
        else
            for (size_t q = 0; q < n_later; q++)
                gemm_block(kernel, 0, M, 0, N, K, half + q * len, half + q * len + 1,
                           alpha, a, b, 0, later + q * M * N, N, NO_DONE_CALL);
        #pragma omp barrier
        /* <<add the later pieces to this thread's rows of C, in their order>> */
        for (size_t i = M * p / 2; i < M * (p + 1) / 2; i++)
            for (size_t q = 0; q < n_later; q++)
                for (size_t j = 0; j < N; j++)
                    C[i * ldc + j] += later[q * M * N + i * N + j];
    }
}
/* <<how many threads for a product>> */
enum { WORK_PER_THREAD = 1 << 18 };     /* multiply-adds */

static int threads_for(size_t work, size_t tiles)
{
    size_t most = work / WORK_PER_THREAD + 1;
    int threads = omp_get_max_threads();
    if ((size_t)threads > most)
        threads = (int)most;
    if ((size_t)threads > tiles)
        threads = (int)tiles;
    return threads;
}
/* <<how many threads for a product>> */
static size_t share_start(size_t p, size_t np, size_t n, size_t unit)
{
    size_t tiles = (n + unit - 1) / unit, s = tiles * p / np * unit;
    /* <<with two threads, begin the second share where the halves of n part>> */
    if (np == 2 && p == 1 && halves_at(n) > 0)
        s = halves_at(n);
    return s < n ? s : n;
}
/* <<the narrow path: rows of B into rows of C>> */
#if defined(__x86_64__)
enum { NROWS = 12 };                    /* rows of C per call of the narrow kernel */
#ifdef NN_DOUBLE
typedef __mmask8 zmask;                 /* a bit per lane: is it a column of C? */
#define Z_LOAD_MASKED(m, p) _mm512_maskz_loadu_pd(m, p)
#define Z_STORE_MASKED(p, m, v) _mm512_mask_storeu_pd(p, m, v)
#else
typedef __mmask16 zmask;
#define Z_LOAD_MASKED(m, p) _mm512_maskz_loadu_ps(m, p)
#define Z_STORE_MASKED(p, m, v) _mm512_mask_storeu_ps(p, m, v)
#endif
/* <<the narrow kernel: twelve rows of C in twelve registers>> */
__attribute__((target("avx512f"), always_inline))
static inline void narrow_tile(size_t kc, const nn_real *a, size_t ra, size_t ka,
                               const nn_real *b, nn_real alpha, nn_real beta,
                               nn_real *c, size_t ldc, size_t skip, zmask m)
{
    zreg acc[NROWS];
    #pragma GCC unroll 16
    for (int r = 0; r < NROWS; r++)
        acc[r] = Z(setzero)();
    for (size_t k = 0; k < kc; k++, a += ka, b += NR) {
        zreg bk = Z(load)(b);
        #pragma GCC unroll 16
        for (int r = 0; r < NROWS; r++)
            acc[r] = Z(fmadd)(Z_BROADCAST(a + r * ra), bk, acc[r]);
    }
    /* <<write rows skip and after of the narrow tile>> */
    zreg va = Z_BROADCAST(&alpha), vb = Z_BROADCAST(&beta);
    #pragma GCC unroll 16
    for (size_t r = 0; r < NROWS; r++)
        if (r >= skip) {
            nn_real *row = c + (r - skip) * ldc;
            zreg v = Z(mul)(va, acc[r]);
            if (beta != 0)
                v = Z(add)(v, Z(mul)(vb, Z_LOAD_MASKED(m, row)));
            Z_STORE_MASKED(row, m, v);
        }
}
/* <<the narrow kernel: twelve rows of C in twelve registers>> */
__attribute__((target("avx512f")))
static void narrow_tile_t(size_t kc, const nn_real *a, size_t lda, const nn_real *b,
                          nn_real alpha, nn_real beta, nn_real *c, size_t ldc,
                          size_t skip, size_t N)            /* A transposed */
{
    narrow_tile(kc, a, 1, lda, b, alpha, beta, c, ldc, skip, (zmask)((1u << N) - 1));
}

__attribute__((target("avx512f")))
static void narrow_tile_n(size_t kc, const nn_real *a, size_t lda, const nn_real *b,
                          nn_real alpha, nn_real beta, nn_real *c, size_t ldc,
                          size_t skip, size_t N)            /* A not transposed */
{
    narrow_tile(kc, a, lda, 1, b, alpha, beta, c, ldc, skip, (zmask)((1u << N) - 1));
}
/* <<the narrow kernel for a transposed A: the rows of C in the lanes>> */
/* <<a gather of NR numbers, NR apart>> */
#ifdef NN_DOUBLE
typedef __m256i zindex;                 /* a gather's offsets, one per lane */
#define Z_EVERY_NR() _mm256_setr_epi32(0, 8, 16, 24, 32, 40, 48, 56)
#define Z_GATHER(m, idx, p) _mm512_mask_i32gather_pd(Z(setzero)(), m, idx, p, 8)
#else
typedef __m512i zindex;
#define Z_EVERY_NR() _mm512_setr_epi32(0, 16, 32, 48, 64, 80, 96, 112, 128, 144, \
                                       160, 176, 192, 208, 224, 240)
#define Z_GATHER(m, idx, p) _mm512_mask_i32gather_ps(Z(setzero)(), m, idx, p, 4)
#endif
__attribute__((target("avx512f"), always_inline))
static inline void lanes_tile(size_t kc, const nn_real *a, size_t lda, const nn_real *b,
                              nn_real alpha, nn_real beta, nn_real *c, size_t ldc,
                              size_t skip, size_t N)
{
    zreg acc[NR];                               /* acc[j]: column j of the tile */
    #pragma GCC unroll 16
    for (size_t j = 0; j < N; j++)
        acc[j] = Z(setzero)();
    for (size_t k = 0; k < kc; k++, a += lda, b += NR) {
        zreg ak = Z(loadu)(a);                  /* a_ik for the tile's NR rows i */
        #pragma GCC unroll 16
        for (size_t j = 0; j < N; j++)
            acc[j] = Z(fmadd)(ak, Z_BROADCAST(b + j), acc[j]);
    }
    /* <<write rows skip and after of the tile whose rows are in the lanes>> */
    _Alignas(64) nn_real t[NR * NR];                /* t[j * NR + r] = alpha c_rj */
    zreg va = Z_BROADCAST(&alpha), vb = Z_BROADCAST(&beta);
    #pragma GCC unroll 16
    for (size_t j = 0; j < N; j++)
        Z(store)(t + j * NR, Z(mul)(va, acc[j]));
    zmask m = (zmask)((1u << N) - 1);
    zindex apart = Z_EVERY_NR();
    for (size_t r = skip; r < NR; r++) {
        nn_real *row = c + (r - skip) * ldc;
        zreg v = Z_GATHER(m, apart, t + r);
        if (beta != 0)
            v = Z(add)(v, Z(mul)(vb, Z_LOAD_MASKED(m, row)));
        Z_STORE_MASKED(row, m, v);
    }
}
/* <<the narrow kernel for a transposed A: the rows of C in the lanes>> */
#define LANES_TILE(n)                                                                \
    case n:                                                                          \
        lanes_tile(kc, a, lda, b, alpha, beta, c, ldc, skip, n);                     \
        break;
__attribute__((target("avx512f")))
static void lanes_tile_t(size_t kc, const nn_real *a, size_t lda, const nn_real *b,
                         nn_real alpha, nn_real beta, nn_real *c, size_t ldc,
                         size_t skip, size_t N)             /* A transposed */
{
    switch (N) {
        LANES_TILE(1) LANES_TILE(2) LANES_TILE(3) LANES_TILE(4)
        LANES_TILE(5) LANES_TILE(6) LANES_TILE(7) LANES_TILE(8)
#ifndef NN_DOUBLE
        LANES_TILE(9) LANES_TILE(10) LANES_TILE(11) LANES_TILE(12)
        LANES_TILE(13) LANES_TILE(14) LANES_TILE(15) LANES_TILE(16)
#endif
    }
}
/* <<the narrow kernel without AVX-512: six rows of C in twelve registers>> */
enum { NROWS2 = 6 };                    /* rows of C per call of the AVX2 kernel */
#ifdef NN_DOUBLE
typedef long long mask_lane;
#define V_LOAD_MASKED(p, m) _mm256_maskload_pd(p, m)
#else
typedef int mask_lane;
#define V_LOAD_MASKED(p, m) _mm256_maskload_ps(p, m)
#endif
/* NR ones then NR zeros: the mask of N columns starts at NR - N */
static const mask_lane mask_ramp[2 * NR] = {
    -1, -1, -1, -1, -1, -1, -1, -1,
#ifndef NN_DOUBLE
    -1, -1, -1, -1, -1, -1, -1, -1,
#endif
};
/* <<the narrow kernel without AVX-512: six rows of C in twelve registers>> */
/* <<write the first n lanes of a register>> */
/* p[0 .. n-1] = lanes 0 .. n-1 of v, for n <= VL */
__attribute__((target("avx2"), always_inline))
static inline void store_first(nn_real *p, vreg v, size_t n)
{
    if (n == VL) {
        V(storeu)(p, v);
        return;
    }
#ifdef NN_DOUBLE
    __m128d x = _mm256_castpd256_pd128(v);
    if (n >= 2)
        _mm_storeu_pd(p, x), x = _mm256_extractf128_pd(v, 1), p += 2, n -= 2;
    if (n == 1)
        _mm_store_sd(p, x);
#else
    __m128 x = _mm256_castps256_ps128(v);
    if (n >= 4)
        _mm_storeu_ps(p, x), x = _mm256_extractf128_ps(v, 1), p += 4, n -= 4;
    if (n >= 2)
        _mm_storel_pi((__m64 *)p, x), x = _mm_movehl_ps(x, x), p += 2, n -= 2;
    if (n == 1)
        _mm_store_ss(p, x);
#endif
}

__attribute__((target("avx2,fma"), always_inline))
static inline void narrow2_tile(size_t kc, const nn_real *a, size_t ra, size_t ka,
                                const nn_real *b, nn_real alpha, nn_real beta,
                                nn_real *c, size_t ldc, size_t skip, size_t N)
{
    vreg lo[NROWS2], hi[NROWS2];
    #pragma GCC unroll 8
    for (int r = 0; r < NROWS2; r++)
        lo[r] = hi[r] = V(setzero)();
    for (size_t k = 0; k < kc; k++, a += ka, b += NR) {
        vreg b0 = V(load)(b), b1 = V(load)(b + VL);
        #pragma GCC unroll 8
        for (int r = 0; r < NROWS2; r++) {
            vreg x = V_BROADCAST(a + r * ra);
            lo[r] = V(fmadd)(x, b0, lo[r]);
            hi[r] = V(fmadd)(x, b1, hi[r]);
        }
    }
    /* <<write rows skip and after of the AVX2 narrow tile>> */
    __m256i m0 = _mm256_loadu_si256((const __m256i *)(mask_ramp + NR - N));
    __m256i m1 = _mm256_loadu_si256((const __m256i *)(mask_ramp + NR - N + VL));
    vreg va = V_BROADCAST(&alpha), vb = V_BROADCAST(&beta);
    #pragma GCC unroll 8
    for (size_t r = 0; r < NROWS2; r++)
        if (r >= skip) {
            nn_real *row = c + (r - skip) * ldc;
            vreg v0 = V(mul)(va, lo[r]), v1 = V(mul)(va, hi[r]);
            if (beta != 0) {
                v0 = V(add)(v0, V(mul)(vb, V_LOAD_MASKED(row, m0)));
                v1 = V(add)(v1, V(mul)(vb, V_LOAD_MASKED(row + VL, m1)));
            }
            store_first(row, v0, N < VL ? N : VL);
            if (N > VL)
                store_first(row + VL, v1, N - VL);
        }
}
/* <<the narrow kernel without AVX-512: six rows of C in twelve registers>> */
__attribute__((target("avx2,fma")))
static void narrow2_tile_t(size_t kc, const nn_real *a, size_t lda, const nn_real *b,
                           nn_real alpha, nn_real beta, nn_real *c, size_t ldc,
                           size_t skip, size_t N)           /* A transposed */
{
    narrow2_tile(kc, a, 1, lda, b, alpha, beta, c, ldc, skip, N);
}
/* <<the two narrow kernels>> */
typedef void narrow_fn(size_t kc, const nn_real *a, size_t lda, const nn_real *b,
                       nn_real alpha, nn_real beta, nn_real *c, size_t ldc, size_t skip,
                       size_t N);
typedef struct narrow_kernel {
    narrow_fn *t, *n;                   /* for A transposed, and not */
    size_t rows;                        /* rows of C per tile */
    narrow_fn *lanes;               /* A transposed, NR rows in the lanes, or NULL */
} narrow_kernel;
static const narrow_kernel NARROW_AVX512 = { narrow_tile_t, narrow_tile_n, NROWS,
                                             lanes_tile_t };
static const narrow_kernel NARROW_AVX2 = { narrow2_tile_t, NULL, NROWS2, NULL };
/* <<copy rows of op(B) into rows of NR numbers>> */
/* Rows k0 .. k0+kc-1 of op(B), its N <= NR columns, NR apart in pb. */
__attribute__((target("avx512f")))
static void pack_b_rows_avx512(const nn_real *b, size_t ldb, size_t kc, size_t N,
                               nn_real *pb)
{
    zmask m = (zmask)((1u << N) - 1);
    for (size_t k = 0; k < kc; k++)
        Z(store)(pb + k * NR, Z_LOAD_MASKED(m, b + k * ldb));
}

static void pack_b_rows(operand B, size_t k0, size_t kc, size_t N, nn_real *pb)
{
    if (B.t == NN_NO_TRANS && __builtin_cpu_supports("avx512f"))
        pack_b_rows_avx512(B.p + k0 * B.ld, B.ld, kc, N, pb);
    else
        pack_b(B, k0, kc, 0, N, NR, pb);
}
/* <<copy fewer than NROWS rows of op(A)>> */
/* The mr < rows rows of op(A) from row i0, k from k0, into columns
   rows-mr .. rows-1 of a kc x rows block; the first columns are 0. */
static void pack_a_few(operand A, size_t i0, size_t mr, size_t k0, size_t kc,
                       size_t rows, nn_real *pa)
{
    size_t skip = rows - mr;
    for (size_t k = 0; k < kc; k++)
        for (size_t r = 0; r < rows; r++) {
            size_t i = i0 + r - skip;           /* used only when r >= skip */
            pa[k * rows + r] = r < skip ? 0 : A.t == NN_NO_TRANS
                               ? A.p[i * A.ld + k0 + k] : A.p[(k0 + k) * A.ld + i];
        }
}
/* <<a thread's rows of a narrow product>> */
static void narrow_rows(narrow_kernel nk, operand A, operand B, size_t M, size_t N,
                        size_t K, nn_real alpha, nn_real beta, nn_real *C, size_t ldc,
                        done_call done, size_t p, size_t np)
{
    _Alignas(64) nn_real pb[KC * NR], pa[KC * NROWS];
    /* <<choose the kernel that reads A in place, and the rows of its tiles>> */
    int lanes = A.t == NN_TRANS && nk.lanes && M >= NR;    /* rows in the lanes */
    narrow_fn *in_place = lanes ? nk.lanes : A.t == NN_TRANS ? nk.t : nk.n;
    size_t rows = lanes ? NR : nk.rows;
    size_t tiles = (M + rows - 1) / rows;
    size_t i0 = tiles * p / np * rows, i1 = tiles * (p + 1) / np * rows;
    i1 = i1 < M ? i1 : M;
    size_t kstep = piece_length(K);
    for (size_t pc = 0; pc < K && i0 < i1; pc += kstep) {
        size_t kc = K - pc < kstep ? K - pc : kstep;
        nn_real beta_here = pc == 0 ? beta : 1;
        pack_b_rows(B, pc, kc, N, pb);
        for (size_t i = i0; i < i1; i += rows) {
            /* <<compute the narrow tile that holds rows i on>> */
            nn_real *c = C + i * ldc;
            if (M < rows) {
                pack_a_few(A, i, M - i, pc, kc, rows, pa);
                nk.t(kc, pa, rows, pb, alpha, beta_here, c, ldc, rows - (M - i), N);
            } else {
                size_t first = i + rows <= M ? i : M - rows;        /* the tile's first row */
                const nn_real *a = A.t == NN_TRANS ? A.p + pc * A.ld + first
                                                   : A.p + first * A.ld + pc;
                in_place(kc, a, A.ld, pb, alpha, beta_here, c, ldc, i - first, N);
            }
        }
    }
    if (done.fn && i0 < i1)
        done.fn(done.ctx, i0, i1 - i0, 0, N, C + i0 * ldc, ldc);
}
/* <<divide a narrow product among the threads>> */
static void gemm_narrow(narrow_kernel nk, operand A, operand B, size_t M, size_t N,
                        size_t K, nn_real alpha, nn_real beta, nn_real *C, size_t ldc,
                        done_call done)
{
    int threads = threads_for(M * N * K, (M + nk.rows - 1) / nk.rows);
    if (threads == 1) {
        narrow_rows(nk, A, B, M, N, K, alpha, beta, C, ldc, done, 0, 1);
        return;
    }
    #pragma omp parallel num_threads(threads)
    narrow_rows(nk, A, B, M, N, K, alpha, beta, C, ldc, done,
                (size_t)omp_get_thread_num(), (size_t)omp_get_num_threads());
}
#endif
/* <<transpose a matrix, in blocks where AVX can>> */
/* d[c * ldd + r] = s[r * ld + c] for r < rows, c < cols */
static void transpose_into(const nn_real *s, size_t ld, size_t rows, size_t cols,
                           nn_real *d, size_t ldd)
{
    size_t r0 = 0, c0 = 0;                      /* the blocks cover r < r0, c < c0 */
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx")) {
        r0 = rows / TB * TB, c0 = cols / TB * TB;
        for (size_t r = 0; r < r0; r += TB)
            for (size_t c = 0; c < c0; c += TB)
                transpose_block(s + r * ld + c, ld, d + c * ldd + r, ldd);
    }
#endif
    for (size_t r = 0; r < rows; r++)
        for (size_t c = r < r0 ? c0 : 0; c < cols; c++)
            d[c * ldd + r] = s[r * ld + c];
}
/* <<turn the product of few rows with a transposed B around>> */
static void gemm_turned(micro_kernel kernel, size_t M, size_t N, size_t K,
                        nn_real alpha, operand a, operand b, nn_real beta, nn_real *C,
                        size_t ldc, int threads)
{
    nn_real ct[LATER_MOST];                     /* C transposed: N x M */
    operand w = { b.p, b.ld, NN_NO_TRANS }, d = { a.p, a.ld, NN_TRANS };
    #pragma omp parallel num_threads(threads)
    {
        size_t p = (size_t)omp_get_thread_num(), np = (size_t)omp_get_num_threads();
        size_t s0 = share_start(p, np, N, MR), s1 = share_start(p + 1, np, N, MR);
        if (s0 < s1) {
            if (beta != 0)                      /* columns s0 .. s1-1 of C, as rows */
                transpose_into(C + s0, ldc, M, s1 - s0, ct + s0 * M, M);
            gemm_block(kernel, s0, s1, 0, M, K, 0, K, alpha, w, d, beta, ct, M,
                       NO_DONE_CALL);
            transpose_into(ct + s0 * M, M, s1 - s0, M, C + s0, ldc);
        }
    }
}
/* <<divide the tiles among the threads>> */
static void gemm_with(micro_kernel kernel, nn_trans ta, nn_trans tb, size_t M, size_t N,
                      size_t K, nn_real alpha, const nn_real *A, size_t lda,
                      const nn_real *B, size_t ldb, nn_real beta, nn_real *C,
                      size_t ldc, done_call done)
{
    /* <<compute an empty product, or a narrow one, and return>> */
    if (M == 0 || N == 0)
        return;
    if (K == 0 || alpha == 0) {
        scale_only(M, N, beta, C, ldc);
        if (done.fn)
            done.fn(done.ctx, 0, M, 0, N, C, ldc);
        return;
    }
    /* <<compute a narrow product row by row, and return>> */
    #if defined(__x86_64__)
    if (N <= NR && (kernel.run == kernel_avx512
                    || (kernel.run == kernel_avx2 && ta == NN_TRANS))) {
        narrow_kernel nk = kernel.run == kernel_avx512 ? NARROW_AVX512 : NARROW_AVX2;
        gemm_narrow(nk, (operand){ A, lda, ta }, (operand){ B, ldb, tb }, M, N, K, alpha,
                    beta, C, ldc, done);
        return;
    }
    #endif
    /* <<compute a narrow product as its transpose, and return>> */
    enum { NARROW_MOST = 65536 / sizeof(nn_real) };     /* C on the stack: 64 KiB */
    if (N < kernel.nr && N < M && M * N <= NARROW_MOST) {
        nn_real ct[NARROW_MOST];                        /* C transposed, N x M */
        if (beta != 0)
            transpose_into(C, ldc, M, N, ct, M);
        gemm_with(kernel, tb == NN_TRANS ? NN_NO_TRANS : NN_TRANS,
                  ta == NN_TRANS ? NN_NO_TRANS : NN_TRANS, N, M, K, alpha, B, ldb, A, lda,
                  beta, ct, M, NO_DONE_CALL);
        transpose_into(ct, M, N, M, C, ldc);
        if (done.fn)
            done.fn(done.ctx, 0, M, 0, N, C, ldc);
        return;
    }
    operand a = { A, lda, ta }, b = { B, ldb, tb };
    /* <<decide how many threads, and along which dimension>> */
    size_t row_tiles = (M + MR - 1) / MR, col_tiles = (N + kernel.nr - 1) / kernel.nr;
    int by_cols = col_tiles >= row_tiles;
    size_t tiles = by_cols ? col_tiles : row_tiles;
    int threads = threads_for(M * N * K, tiles);
    /* <<with few rows and a transposed B, turn the product around, and return>> */
    if (ta == NN_NO_TRANS && tb == NN_TRANS && M <= kernel.nr && M < N && M < K
        && M * N <= LATER_MOST && !done.fn) {
        gemm_turned(kernel, M, N, K, alpha, a, b, beta, C, ldc, threads);
        return;
    }
    if (threads == 1) {
        gemm_block(kernel, 0, M, 0, N, K, 0, K, alpha, a, b, beta, C, ldc, done);
        return;
    }
    /* <<with two threads and few rows, split K in halves, and return>> */
    if (threads == 2 && halves_at(K) && tb == NN_NO_TRANS && M <= IN_PLACE_ROWS
        && M * N <= LATER_MOST && !done.fn) {
        gemm_halves(kernel, M, N, K, alpha, a, b, beta, C, ldc);
        return;
    }
    #pragma omp parallel num_threads(threads)
    {
        size_t p = (size_t)omp_get_thread_num(), np = (size_t)omp_get_num_threads();
        size_t n = by_cols ? N : M, unit = by_cols ? kernel.nr : MR;
        size_t s0 = share_start(p, np, n, unit), s1 = share_start(p + 1, np, n, unit);
        if (s0 < s1 && by_cols)
            gemm_block(kernel, 0, M, s0, s1, K, 0, K, alpha, a, b, beta, C, ldc, done);
        else if (s0 < s1)
            gemm_block(kernel, s0, s1, 0, N, K, 0, K, alpha, a, b, beta, C, ldc, done);
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
    gemm_with(fastest_kernel(), ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc,
              NO_DONE_CALL);
#endif
}

void nn_gemm_portable(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K,
                      nn_real alpha, const nn_real *A, size_t lda, const nn_real *B,
                      size_t ldb, nn_real beta, nn_real *C, size_t ldc)
{
    gemm_with(kernel_of(NN_GEMM_PORTABLE), ta, tb, M, N, K, alpha, A, lda, B, ldb, beta,
              C, ldc, NO_DONE_CALL);
}
/* <<the fast GEMM's entry points>> */
int nn_gemm_kernel_available(nn_gemm_kernel k)
{
    return k == NN_GEMM_PORTABLE || (k < NN_GEMM_KERNEL_COUNT
                                     && kernel_of(k).run != kernel_portable);
}

void nn_gemm_using(nn_gemm_kernel k, nn_trans ta, nn_trans tb, size_t M, size_t N,
                   size_t K, nn_real alpha, const nn_real *A, size_t lda,
                   const nn_real *B, size_t ldb, nn_real beta, nn_real *C, size_t ldc)
{
    gemm_with(kernel_of(k), ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc,
              NO_DONE_CALL);
}

#ifndef NN_CBLAS                        /* OpenBLAS's product calls nothing back */
typedef struct then_call {
    nn_gemm_done *done;
    void *ctx;
} then_call;

static void then_block(void *ctx, size_t i0, size_t m, size_t j0, size_t n,
                       const nn_real *c, size_t ldc)
{
    const then_call *t = ctx;
    (void)c, (void)ldc;                 /* the block is in C, where the caller looks */
    t->done(t->ctx, i0, m, j0, n);
}
#endif

void nn_gemm_then(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K, nn_real alpha,
                  const nn_real *A, size_t lda, const nn_real *B, size_t ldb,
                  nn_real beta, nn_real *C, size_t ldc, nn_gemm_done *done, void *ctx)
{
#ifdef NN_CBLAS
    nn_gemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    if (M > 0 && N > 0)
        done(ctx, 0, M, 0, N);
#else
    then_call t = { done, ctx };
    gemm_with(fastest_kernel(), ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc,
              (done_call){ then_block, &t, 0 });
#endif
}

void nn_gemm_blocks(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K,
                    nn_real alpha, const nn_real *A, size_t lda, const nn_real *B,
                    size_t ldb, nn_real *C, size_t ldc, nn_gemm_block_fn *fn,
                    void *ctx)
{
#ifdef NN_CBLAS
    nn_gemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, 0, C, ldc);
    if (M > 0 && N > 0)
        fn(ctx, 0, M, 0, N, C, ldc);
#else
    gemm_with(fastest_kernel(), ta, tb, M, N, K, alpha, A, lda, B, ldb, 0, C, ldc,
              (done_call){ fn, ctx, 1 });
#endif
}

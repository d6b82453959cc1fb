/* Tangled from book/a1-310-fast.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include <criterion/criterion.h>
#include "nn.h"

typedef void gemm_fn(nn_trans, nn_trans, size_t, size_t, size_t, nn_real,
                     const nn_real *, size_t, const nn_real *, size_t, nn_real,
                     nn_real *, size_t);

/* <<a random matrix with padding>> */
static nn_real *random_matrix(nn_rng *r, size_t rows, size_t ld)
{
    nn_real *x = malloc(sizeof(nn_real) * (rows * ld + 1));
    cr_assert(x != NULL);
    for (size_t i = 0; i < rows * ld; i++)
        x[i] = (nn_real)(2 * nn_rng_uniform(r) - 1);
    return x;
}
/* <<compare a product with the reference within the bound>> */
static void check_product(gemm_fn *gemm, nn_rng *r, nn_trans ta, nn_trans tb, size_t M,
                          size_t N, size_t K, size_t pad, nn_real alpha, nn_real beta)
{
    size_t lda = (ta == NN_NO_TRANS ? K : M) + pad;
    size_t ldb = (tb == NN_NO_TRANS ? N : K) + pad;
    size_t arows = ta == NN_NO_TRANS ? M : K, brows = tb == NN_NO_TRANS ? K : N;
    size_t ldc = N + pad;
    nn_real *A = random_matrix(r, arows, lda), *B = random_matrix(r, brows, ldb);
    nn_real *C = random_matrix(r, M, ldc), *R = malloc(sizeof(nn_real) * M * ldc);
    nn_real *S = malloc(sizeof(nn_real) * M * ldc);
    cr_assert(R != NULL && S != NULL);
    if (beta == 0)
        for (size_t i = 0; i < M * ldc; i++)
            C[i] = NAN;
    memcpy(R, C, sizeof(nn_real) * M * ldc);
    /* <<compute the bound S from the absolute values>> */
    for (size_t i = 0; i < M * ldc; i++)
        S[i] = (nn_real)fabs((double)C[i]);
    nn_real *absA = malloc(sizeof(nn_real) * arows * lda);
    nn_real *absB = malloc(sizeof(nn_real) * brows * ldb);
    cr_assert(absA != NULL && absB != NULL);
    for (size_t i = 0; i < arows * lda; i++)
        absA[i] = (nn_real)fabs((double)A[i]);
    for (size_t i = 0; i < brows * ldb; i++)
        absB[i] = (nn_real)fabs((double)B[i]);
    nn_gemm_ref(ta, tb, M, N, K, (nn_real)fabs((double)alpha), absA, lda, absB, ldb,
                (nn_real)fabs((double)beta), S, ldc);
    free(absA), free(absB);
    gemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    nn_gemm_ref(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, R, ldc);
    /* <<check every element of C and its padding>> */
    for (size_t i = 0; i < M; i++)
        for (size_t j = 0; j < ldc; j++) {
            double got = C[i * ldc + j], want = R[i * ldc + j];
            double tol = (double)(K + 3) * NN_REAL_EPSILON * S[i * ldc + j];
            if (j >= N)
                cr_assert(memcmp(&C[i * ldc + j], &R[i * ldc + j], sizeof(nn_real)) == 0,
                          "padding C[%zu][%zu] was written", i, j);
            else
                cr_assert(fabs(got - want) <= tol,
                          "ta %d tb %d M %zu N %zu K %zu alpha %g beta %g: "
                          "C[%zu][%zu] = %.9g, want %.9g (tolerance %.3g)", ta, tb, M, N,
                          K, (double)alpha, (double)beta, i, j, got, want, tol);
        }
    free(A), free(B), free(C), free(R), free(S);
}
/* <<test odd shapes in all four cases>> */
static void check_shapes(gemm_fn *gemm)
{
    static const size_t sizes[] = { 1, 2, 5, 6, 7, 8, 9, 15, 16, 17, 31, 33, 59, 61,
                                    97, 119, 121, 130, 255, 257, 300 };
    static const double ab[4][2] = { { 1, 0 }, { 1, 1 }, { -0.5, 2 }, { 1.5, 0 } };
    enum { SIZES = sizeof sizes / sizeof sizes[0], SHAPES = 60 };
    nn_rng r;
    nn_rng_seed(&r, 8, 1);
    for (int s = 0; s < SHAPES; s++) {
        size_t M = sizes[nn_rng_below(&r, SIZES)], N = sizes[nn_rng_below(&r, SIZES)];
        size_t K = sizes[nn_rng_below(&r, SIZES)];
        nn_trans ta = s & 1 ? NN_TRANS : NN_NO_TRANS;
        nn_trans tb = s & 2 ? NN_TRANS : NN_NO_TRANS;
        check_product(gemm, &r, ta, tb, M, N, K, (size_t)s % 3,
                      (nn_real)ab[s / 4 % 4][0], (nn_real)ab[s / 4 % 4][1]);
    }
    check_product(gemm, &r, NN_TRANS, NN_NO_TRANS, 300, 300, 300, 1, 1, 0);
    check_product(gemm, &r, NN_NO_TRANS, NN_NO_TRANS, 20, 1000, 300, 1, 1, 0.5);
    check_product(gemm, &r, NN_NO_TRANS, NN_TRANS, 20, 1000, 300, 2, 1, 0.5);
    check_product(gemm, &r, NN_NO_TRANS, NN_NO_TRANS, 130, 300, 255, 1, 1, 1);
}

Test(fast_gemm, matches_the_reference_on_odd_shapes)
{
    check_shapes(nn_gemm);
}

Test(fast_gemm, portable_kernel_matches_the_reference_on_odd_shapes)
{
    check_shapes(nn_gemm_portable);
}
/* <<test that the threads do not change a bit>> */
static void check_threads(gemm_fn *gemm)
{
    static const size_t shapes[4][3] = { { 67, 300, 400 }, { 301, 40, 300 },
                                         { 25, 1000, 300 }, { 40, 300, 800 } };
    nn_rng r;
    nn_rng_seed(&r, 8, 2);
    for (int s = 0; s < 4; s++)
        for (int t = 0; t < 4; t++) {
            /* <<multiply with one, two and three threads and compare the bytes>> */
            /* <<draw the operands of shape s in case t, and a first C0>> */
            size_t M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
            nn_trans ta = t & 1 ? NN_TRANS : NN_NO_TRANS, tb = t & 2 ? NN_TRANS : NN_NO_TRANS;
            size_t lda = ta == NN_NO_TRANS ? K : M, ldb = tb == NN_NO_TRANS ? N : K;
            nn_real *A = random_matrix(&r, ta == NN_NO_TRANS ? M : K, lda);
            nn_real *B = random_matrix(&r, tb == NN_NO_TRANS ? K : N, ldb);
            nn_real *C0 = random_matrix(&r, M, N);
            nn_real *C[3];
            for (int n = 0; n < 3; n++) {
                C[n] = malloc(sizeof(nn_real) * M * N);
                cr_assert(C[n] != NULL);
                memcpy(C[n], C0, sizeof(nn_real) * M * N);
                omp_set_num_threads(n + 1);
                gemm(ta, tb, M, N, K, (nn_real)0.75, A, lda, B, ldb, (nn_real)0.5, C[n], N);
            }
            for (int n = 1; n < 3; n++)
                cr_assert(memcmp(C[0], C[n], sizeof(nn_real) * M * N) == 0,
                          "shape %d, ta %d tb %d: %d threads differ from one", s, ta, tb, n + 1);
            free(A), free(B), free(C0), free(C[0]), free(C[1]), free(C[2]);
        }
    omp_set_num_threads(1);
}

Test(fast_gemm, threads_give_the_same_bits)
{
#ifdef NN_CBLAS
    cr_skip_test("nn_gemm is OpenBLAS here, which does not promise the same bits "
                 "for every number of threads");
#endif
    check_threads(nn_gemm);
}

Test(fast_gemm, portable_kernel_threads_give_the_same_bits)
{
    check_threads(nn_gemm_portable);
}
/* <<test each vector kernel, and that AVX2 and AVX-512 agree>> */
static void gemm_avx2(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K,
                      nn_real alpha, const nn_real *A, size_t lda, const nn_real *B,
                      size_t ldb, nn_real beta, nn_real *C, size_t ldc)
{
    nn_gemm_using(NN_GEMM_AVX2, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

static void gemm_avx512(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K,
                        nn_real alpha, const nn_real *A, size_t lda, const nn_real *B,
                        size_t ldb, nn_real beta, nn_real *C, size_t ldc)
{
    nn_gemm_using(NN_GEMM_AVX512, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

Test(fast_gemm, avx2_kernel_matches_the_reference_on_any_threads)
{
    if (!nn_gemm_kernel_available(NN_GEMM_AVX2))
        cr_skip_test("this processor has no AVX2 and FMA");
    check_shapes(gemm_avx2);
    check_threads(gemm_avx2);
}

Test(fast_gemm, avx512_kernel_matches_the_reference_on_any_threads)
{
    if (!nn_gemm_kernel_available(NN_GEMM_AVX512))
        cr_skip_test("this processor has no AVX-512");
    check_shapes(gemm_avx512);
    check_threads(gemm_avx512);
}
/* <<test each vector kernel, and that AVX2 and AVX-512 agree>> */
Test(fast_gemm, avx2_and_avx512_kernels_give_the_same_bits)
{
    cr_assert(nn_gemm_kernel_available(NN_GEMM_PORTABLE));
    cr_assert(!nn_gemm_kernel_available(NN_GEMM_KERNEL_COUNT));
    if (!nn_gemm_kernel_available(NN_GEMM_AVX2)
        || !nn_gemm_kernel_available(NN_GEMM_AVX512))
        cr_skip_test("this processor lacks AVX2 or AVX-512");
    size_t nr = 64 / sizeof(nn_real);
    size_t shapes[6][3] = { { 7, nr - 1, 300 }, { 67, nr + 1, 33 },
                            { 13, 2 * nr - 1, 257 }, { 301, 2 * nr + 1, 64 },
                            { 29, 4 * nr - 1, 100 }, { 70, 4 * nr + 1, 70 } };
    nn_rng r;
    nn_rng_seed(&r, 8, 3);
    for (int s = 0; s < 6; s++)
        for (int t = 0; t < 4; t++) {
            /* <<multiply with both kernels and compare the bytes>> */
            /* <<draw the operands of shape s in case t, and a first C0>> */
            size_t M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
            nn_trans ta = t & 1 ? NN_TRANS : NN_NO_TRANS, tb = t & 2 ? NN_TRANS : NN_NO_TRANS;
            size_t lda = ta == NN_NO_TRANS ? K : M, ldb = tb == NN_NO_TRANS ? N : K;
            nn_real *A = random_matrix(&r, ta == NN_NO_TRANS ? M : K, lda);
            nn_real *B = random_matrix(&r, tb == NN_NO_TRANS ? K : N, ldb);
            nn_real *C0 = random_matrix(&r, M, N);
            nn_real *C5 = malloc(sizeof(nn_real) * M * N);
            cr_assert(C5 != NULL);
            memcpy(C5, C0, sizeof(nn_real) * M * N);
            gemm_avx2(ta, tb, M, N, K, (nn_real)0.75, A, lda, B, ldb, (nn_real)0.5, C0, N);
            gemm_avx512(ta, tb, M, N, K, (nn_real)0.75, A, lda, B, ldb, (nn_real)0.5, C5, N);
            cr_assert(memcmp(C0, C5, sizeof(nn_real) * M * N) == 0,
                      "%zu x %zu x %zu, ta %d tb %d: AVX2 and AVX-512 differ", M, N, K, ta, tb);
            free(A), free(B), free(C0), free(C5);
        }
}
/* <<test that a narrow product gives the bits of a wide one>> */
Test(fast_gemm, a_narrow_product_gives_the_bits_of_a_wide_one)
{
#ifdef NN_CBLAS
    cr_skip_test("nn_gemm is OpenBLAS here");
#endif
    enum { W = 40 };
    size_t shapes[][3] = { { 301, 10, 70 }, { 5, 10, 70 }, { 12, 16, 300 },
                           { 25, 1, 257 }, { 97, 7, 600 }, { 40, 13, 64 },
                           { 30, 6, 33 }, { 16, 10, 64 }, { 17, 16, 20 },
                           { 31, 3, 40 } };
    nn_rng r;
    nn_rng_seed(&r, 8, 4);
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (int t = 0; t < 8; t++) {
            size_t M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
            /* <<compare a narrow product with the first columns of a wide one>> */
            nn_trans ta = t & 1 ? NN_TRANS : NN_NO_TRANS;
            nn_trans tb = t & 2 ? NN_TRANS : NN_NO_TRANS;
            nn_real beta = t & 4 ? (nn_real)0.5 : 0;
            size_t lda = ta == NN_NO_TRANS ? K : M, ldb = tb == NN_NO_TRANS ? W : K;
            nn_real *A = random_matrix(&r, ta == NN_NO_TRANS ? M : K, lda);
            nn_real *B = random_matrix(&r, tb == NN_NO_TRANS ? K : W, ldb);
            nn_real *wide = random_matrix(&r, M, W), *narrow = random_matrix(&r, M, W);
            for (size_t i = 0; i < M * W; i++)
                narrow[i] = beta != 0 ? wide[i] : (wide[i] = NAN);
            nn_real *before = malloc(sizeof(nn_real) * M * W);
            cr_assert(before != NULL);
            memcpy(before, narrow, sizeof(nn_real) * M * W);
            omp_set_num_threads(1 + t % 2);
            nn_gemm(ta, tb, M, W, K, (nn_real)0.75, A, lda, B, ldb, beta, wide, W);
            nn_gemm(ta, tb, M, N, K, (nn_real)0.75, A, lda, B, ldb, beta, narrow, W);
            for (size_t i = 0; i < M; i++) {
                cr_assert(memcmp(wide + i * W, narrow + i * W, sizeof(nn_real) * N) == 0,
                          "%zu x %zu x %zu, ta %d tb %d beta %g: row %zu differs", M, N, K, ta, tb,
                          (double)beta, i);
                cr_assert(memcmp(narrow + i * W + N, before + i * W + N,
                                 sizeof(nn_real) * (W - N)) == 0,
                          "%zu x %zu x %zu: the product wrote after column %zu", M, N, K, N);
            }
            /* <<the same with the AVX2 kernel, which has a narrow path of its own>> */
            if (nn_gemm_kernel_available(NN_GEMM_AVX2)) {
                memcpy(narrow, before, sizeof(nn_real) * M * W);
                nn_gemm_using(NN_GEMM_AVX2, ta, tb, M, N, K, (nn_real)0.75, A, lda, B, ldb, beta,
                              narrow, W);
                for (size_t i = 0; i < M; i++)
                    cr_assert(memcmp(wide + i * W, narrow + i * W, sizeof(nn_real) * N) == 0 &&
                              memcmp(narrow + i * W + N, before + i * W + N,
                                     sizeof(nn_real) * (W - N)) == 0,
                              "AVX2, %zu x %zu x %zu, ta %d tb %d beta %g: row %zu differs", M, N,
                              K, ta, tb, (double)beta, i);
            }
            free(A), free(B), free(wide), free(narrow), free(before);
        }
    omp_set_num_threads(1);
}
/* <<test that a product turned around gives the bits of a plain one>> */
Test(fast_gemm, a_turned_product_gives_the_bits_of_a_plain_one)
{
#ifdef NN_CBLAS
    cr_skip_test("nn_gemm is OpenBLAS here");
#endif
    enum { TALL = 70 };
    size_t shapes[][3] = { { 64, 800, 800 }, { 13, 301, 257 }, { 1, 50, 70 },
                           { 16, 97, 33 } };
    nn_rng r;
    nn_rng_seed(&r, 8, 5);
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (int t = 0; t < 4; t++) {
            size_t M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
            /* <<compare a turned product with the first rows of a plain one>> */
            nn_real beta = t & 1 ? (nn_real)0.5 : 0;
            nn_real *A = random_matrix(&r, TALL, K + 1), *B = random_matrix(&r, N, K + 2);
            nn_real *plain = random_matrix(&r, TALL, N), *turned = malloc(sizeof(nn_real) * M * N);
            cr_assert(turned != NULL);
            for (size_t i = 0; i < TALL * N; i++)
                plain[i] = beta != 0 ? plain[i] : NAN;
            omp_set_num_threads(1 + t / 2);
            for (int k = -1; k < NN_GEMM_KERNEL_COUNT; k++) {
                if (k >= 0 && !nn_gemm_kernel_available((nn_gemm_kernel)k))
                    continue;
                /* <<multiply both ways with one kernel, and compare the first rows>> */
                nn_real *want = malloc(sizeof(nn_real) * TALL * N);
                cr_assert(want != NULL);
                memcpy(want, plain, sizeof(nn_real) * TALL * N);
                memcpy(turned, plain, sizeof(nn_real) * M * N);
                if (k < 0) {
                    nn_gemm(NN_NO_TRANS, NN_TRANS, TALL, N, K, (nn_real)0.75, A, K + 1, B, K + 2, beta,
                            want, N);
                    nn_gemm(NN_NO_TRANS, NN_TRANS, M, N, K, (nn_real)0.75, A, K + 1, B, K + 2, beta,
                            turned, N);
                } else {
                    nn_gemm_using((nn_gemm_kernel)k, NN_NO_TRANS, NN_TRANS, TALL, N, K, (nn_real)0.75,
                                  A, K + 1, B, K + 2, beta, want, N);
                    nn_gemm_using((nn_gemm_kernel)k, NN_NO_TRANS, NN_TRANS, M, N, K, (nn_real)0.75,
                                  A, K + 1, B, K + 2, beta, turned, N);
                }
                cr_assert(memcmp(want, turned, sizeof(nn_real) * M * N) == 0,
                          "kernel %d, %zu x %zu x %zu, beta %g, %d threads: the turned product differs",
                          k, M, N, K, (double)beta, 1 + t / 2);
                free(want);
            }
            free(A), free(B), free(plain), free(turned);
        }
    omp_set_num_threads(1);
}
/* <<test that alpha zero reads neither A nor B>> */
Test(fast_gemm, alpha_zero_only_scales_c)
{
    nn_real A[6] = { NAN, NAN, NAN, NAN, NAN, NAN };
    nn_real B[6] = { NAN, NAN, NAN, NAN, NAN, NAN };
    nn_real C[4] = { 1, 2, 3, 4 };
    nn_gemm(NN_NO_TRANS, NN_NO_TRANS, 2, 2, 3, 0, A, 3, B, 2, 2, C, 2);
    cr_assert(C[0] == 2 && C[1] == 4 && C[2] == 6 && C[3] == 8);
    nn_gemm_portable(NN_TRANS, NN_TRANS, 2, 2, 3, 0, A, 2, B, 3, 0, C, 2);
    cr_assert(C[0] == 0 && C[1] == 0 && C[2] == 0 && C[3] == 0);
}

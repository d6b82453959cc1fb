/* Tangled from book/120-mlp.nw by 'make tangle'. Edit the book, not this file. */
#include "nn.h"

/* <<scale the rows of C by beta>> */
static void scale_rows(size_t M, size_t N, nn_real beta, nn_real *C, size_t ldc)
{
    if (beta == 1)
        return;
    for (size_t i = 0; i < M; i++) {
        nn_real *c = C + i * ldc;
        for (size_t j = 0; j < N; j++)
            c[j] = beta == 0 ? 0 : beta * c[j];
    }
}

/* <<multiply with B not transposed: rows of B added into rows of C>> */
/* C (M x N) += alpha * op(A) (M x K) * B (K x N) */
static void gemm_rows(nn_trans ta, size_t M, size_t N, size_t K, nn_real alpha,
                      const nn_real *A, size_t lda, const nn_real *B, size_t ldb,
                      nn_real *C, size_t ldc)
{
    for (size_t i = 0; i < M; i++) {
        nn_real *c = C + i * ldc;
        for (size_t k = 0; k < K; k++) {
            nn_real a = alpha * (ta == NN_NO_TRANS ? A[i * lda + k] : A[k * lda + i]);
            const nn_real *b = B + k * ldb;
            for (size_t j = 0; j < N; j++)
                c[j] += a * b[j];
        }
    }
}

/* <<multiply with B transposed: dot products of rows>> */
/* C (M x N) += alpha * op(A) (M x K) * B^T, B stored N x K */
static void gemm_dots(nn_trans ta, size_t M, size_t N, size_t K, nn_real alpha,
                      const nn_real *A, size_t lda, const nn_real *B, size_t ldb,
                      nn_real *C, size_t ldc)
{
    size_t step = ta == NN_NO_TRANS ? 1 : lda;      /* from A(i,k) to A(i,k+1) */
    for (size_t i = 0; i < M; i++) {
        const nn_real *a = ta == NN_NO_TRANS ? A + i * lda : A + i;
        for (size_t j = 0; j < N; j++) {
            const nn_real *b = B + j * ldb;
            nn_real sum = 0;
            for (size_t k = 0; k < K; k++)
                sum += a[k * step] * b[k];
            C[i * ldc + j] += alpha * sum;
        }
    }
}

/* <<the GEMM entry point>> */
void nn_gemm_ref(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K,
                 nn_real alpha, const nn_real *A, size_t lda, const nn_real *B,
                 size_t ldb, nn_real beta, nn_real *C, size_t ldc)
{
    if (M == 0 || N == 0)
        return;
    scale_rows(M, N, beta, C, ldc);
    if (K == 0 || alpha == 0)
        return;
    if (tb == NN_NO_TRANS)
        gemm_rows(ta, M, N, K, alpha, A, lda, B, ldb, C, ldc);
    else
        gemm_dots(ta, M, N, K, alpha, A, lda, B, ldb, C, ldc);
}

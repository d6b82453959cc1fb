/* Tangled from book/a1-120-mlp.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <criterion/criterion.h>
#include "nn.h"
#include "golden.h"
#include "two-layer.h"

/* <<a reference GEMM from the definition>> */
static double op_at(const nn_real *A, size_t ld, nn_trans t, size_t i, size_t k)
{
    return t == NN_NO_TRANS ? A[i * ld + k] : A[k * ld + i];
}

static void gemm_reference(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K,
                           double alpha, const nn_real *A, size_t lda,
                           const nn_real *B, size_t ldb, double beta, double *C,
                           size_t ldc)
{
    for (size_t i = 0; i < M; i++)
        for (size_t j = 0; j < N; j++) {
            double s = 0;
            for (size_t k = 0; k < K; k++)
                s += op_at(A, lda, ta, i, k) * op_at(B, ldb, tb, k, j);
            C[i * ldc + j] = alpha * s + (beta == 0 ? 0 : beta * C[i * ldc + j]);
        }
}
/* <<test GEMM against the reference>> */
Test(gemm, matches_the_definition_in_all_four_cases)
{
    enum { M = 7, N = 5, K = 3, LD = 9 };          /* every ld > every row length */
    nn_real A[LD * LD], B[LD * LD], C[M * LD];
    double R[M * LD];
    nn_rng r;
    nn_rng_seed(&r, 5, 5);
    for (int i = 0; i < LD * LD; i++) {
        A[i] = (nn_real)(2 * nn_rng_uniform(&r) - 1);
        B[i] = (nn_real)(2 * nn_rng_uniform(&r) - 1);
    }
    const double ab[3][2] = { { 1, 0.5 }, { -0.75, 1 }, { 2, 0 } };
    void (*const gemm[2])(nn_trans, nn_trans, size_t, size_t, size_t, nn_real,
                          const nn_real *, size_t, const nn_real *, size_t, nn_real,
                          nn_real *, size_t) = { nn_gemm, nn_gemm_ref };
    for (int f = 0; f < 2; f++)
    for (int t = 0; t < 4; t++)
        for (int c = 0; c < 3; c++) {
            nn_trans ta = t & 1 ? NN_TRANS : NN_NO_TRANS;
            nn_trans tb = t & 2 ? NN_TRANS : NN_NO_TRANS;
            /* <<fill C, multiply both ways, compare>> */
            for (int i = 0; i < M * LD; i++)
                R[i] = C[i] = ab[c][1] == 0 ? NAN : (nn_real)(0.1 * (i % 7) - 0.3);
            gemm[f](ta, tb, M, N, K, (nn_real)ab[c][0], A, LD, B, LD, (nn_real)ab[c][1], C, LD);
            gemm_reference(ta, tb, M, N, K, ab[c][0], A, LD, B, LD, ab[c][1], R, LD);
            for (int i = 0; i < M; i++)
                for (int j = 0; j < LD; j++) {
                    double got = C[i * LD + j], want = R[i * LD + j];
                    if (j >= N && isnan(want))
                        cr_assert(isnan(got), "padding C[%d][%d] was written", i, j);
                    else
                        cr_assert(fabs(got - want) <= 1e-5 * (1 + fabs(want)),
                                  "%s ta %d tb %d alpha %g beta %g: C[%d][%d] = %g, want %g",
                                  f ? "ref" : "gemm", ta, tb, ab[c][0], ab[c][1], i, j, got,
                                  want);
                }
        }
}
/* <<test GEMM against the reference>> */
Test(gemm, empty_products_only_scale_c)
{
    nn_real A[1] = { 1 }, B[1] = { 1 }, C[4] = { 1, 2, NAN, NAN };
    nn_gemm(NN_NO_TRANS, NN_NO_TRANS, 1, 2, 0, 1, A, 1, B, 2, 3, C, 2);
    cr_assert(C[0] == 3 && C[1] == 6);
    nn_gemm(NN_TRANS, NN_TRANS, 1, 2, 0, 1, A, 1, B, 1, 0, C + 2, 2);
    cr_assert(C[2] == 0 && C[3] == 0);
    nn_gemm(NN_NO_TRANS, NN_NO_TRANS, 0, 2, 1, 1, A, 1, B, 2, 0, C, 2);
    cr_assert(C[0] == 3 && C[1] == 6);
}
/* <<test the dense layer against the golden vectors>> */
static nn_real *golden_copy(const golden_case *c, const char *name, size_t *rows,
                            size_t *cols)
{
    const golden_tensor *t = golden_tensor_get(c, name);
    cr_assert_not_null(t, "case %s has no tensor %s", c->name, name);
    nn_real *v = malloc(t->rows * t->cols * sizeof *v);
    cr_assert_not_null(v);
    for (size_t i = 0; i < t->rows * t->cols; i++)
        v[i] = (nn_real)t->data[i];
    if (rows)
        *rows = t->rows;
    if (cols)
        *cols = t->cols;
    return v;
}
/* <<test the dense layer against the golden vectors>> */
Test(dense, matches_pytorch_golden_vectors)
{
    golden_file g;
    char err[512];
    cr_assert_eq(golden_load("linear.txt", &g, err, sizeof err), 0, "%s", err);
    size_t compared = 0;
    for (size_t k = 0; k < g.n_cases; k++) {
        const golden_case *c = &g.cases[k];
        cr_assert_str_eq(c->op, "linear", "case %s: unknown op %s", c->name, c->op);
        /* <<run one linear case forward and backward>> */
        size_t B, n, m;
        nn_real *x = golden_copy(c, "x", &B, &n), *W = golden_copy(c, "W", NULL, &m);
        nn_real *b = golden_copy(c, "b", NULL, NULL), *dy = golden_copy(c, "dy", NULL, NULL);
        nn_real *y = malloc(B * m * sizeof *y), *dx = malloc(B * n * sizeof *dx);
        nn_real *dW = malloc(n * m * sizeof *dW), *db = malloc(m * sizeof *db);
        nn_dense_forward(B, n, m, x, W, b, y);
        nn_dense_backward(B, n, m, x, W, dy, dx, dW, db);
        GOLDEN_EXPECT(c, "y", y);
        GOLDEN_EXPECT(c, "dx", dx);
        GOLDEN_EXPECT(c, "dW", dW);
        GOLDEN_EXPECT(c, "db", db);
        free(x), free(W), free(b), free(dy), free(y), free(dx), free(dW), free(db);
        compared++;
    }
    fprintf(stderr, "golden linear.txt: %zu cases, %zu compared\n", g.n_cases,
            compared);
    cr_assert_gt(compared, 0, "no case compared");
    golden_free(&g);
}
/* <<test that a two-layer network learns XOR>> */
Test(two_layer, learns_xor)
{
    const nn_real X[8] = { 0, 0, 0, 1, 1, 0, 1, 1 }, T[4] = { 0, 1, 1, 0 };
    tl_net net;
    cr_assert_eq(tl_create(&net, 2, 4, 1, nn_act_default(NN_ACT_TANH),
                           nn_act_default(NN_ACT_SIGMOID), 4), 0);
    nn_rng r;
    nn_rng_seed(&r, 1, 1);
    tl_init(&net, &r);
    double loss = 1;
    for (int e = 0; e < 5000; e++) {
        tl_forward(&net, 4, X);
        loss = tl_backward_mse(&net, 4, X, T);
        tl_step(&net, 2.0);
    }
    const nn_real *Y = tl_forward(&net, 4, X);
    for (int k = 0; k < 4; k++)
        cr_assert_eq(Y[k] > 0.5, T[k] > 0.5, "point %d: output %g", k, Y[k]);
    cr_assert_lt(loss, 0.01);
    tl_free(&net);
}

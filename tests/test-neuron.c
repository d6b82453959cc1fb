/* Tangled from book/a1-100-neuron.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdlib.h>
#include <criterion/criterion.h>
#include "nn.h"

/* <<test the random number generator>> */
Test(rng, matches_the_pcg32_reference)
{
    const uint32_t want[6] = { 0xa15c02b7, 0x7b47f409, 0xba1d3330,
                               0x83d2f293, 0xbfa4784b, 0xcbed606e };
    nn_rng r;
    nn_rng_seed(&r, 42, 54);
    for (int i = 0; i < 6; i++)
        cr_assert_eq(nn_rng_u32(&r), want[i], "output %d", i);
}

Test(rng, same_seed_same_numbers_and_bounded_draws_cover_the_range)
{
    nn_rng a, b;
    nn_rng_seed(&a, 7, 1);
    nn_rng_seed(&b, 7, 1);
    int seen[10] = { 0 };
    for (int i = 0; i < 1000; i++) {
        uint32_t k = nn_rng_below(&a, 10);
        cr_assert_eq(k, nn_rng_below(&b, 10));
        cr_assert_lt(k, 10u);
        seen[k]++;
    }
    for (int k = 0; k < 10; k++)
        cr_assert_gt(seen[k], 50, "value %d drawn %d times in 1000", k, seen[k]);
}
/* <<test the random number generator>> */
Test(rng, skipping_n_numbers_is_drawing_them)
{
    const uint64_t counts[] = { 0, 1, 2, 7, 1000, 123457 };
    for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
        nn_rng a, b;
        nn_rng_seed(&a, 9, 4);
        nn_rng_seed(&b, 9, 4);
        for (uint64_t i = 0; i < counts[c]; i++)
            nn_rng_u32(&a);
        nn_rng_skip(&b, counts[c]);
        cr_assert_eq(a.state, b.state, "after %llu", (unsigned long long)counts[c]);
        cr_assert_eq(nn_rng_u32(&a), nn_rng_u32(&b));
    }
}
/* <<test the random number generator>> */
Test(rng, normal_deviates_have_mean_0_and_variance_1)
{
    nn_rng r;
    nn_rng_seed(&r, 1, 2);
    double s = 0, s2 = 0;
    const int N = 100000;
    for (int i = 0; i < N; i++) {
        double z = nn_rng_normal(&r);
        s += z;
        s2 += z * z;
    }
    cr_assert_lt(fabs(s / N), 0.02);
    cr_assert_lt(fabs(s2 / N - 1), 0.02);
}
/* <<test the neuron on logic gates>> */
static int gate(nn_real w1, nn_real w2, nn_real b, nn_real x1, nn_real x2)
{
    nn_real w[2] = { w1, w2 }, x[2] = { x1, x2 };
    nn_neuron u = { 2, w, b };
    return nn_step(nn_neuron_preactivation(&u, x));
}

Test(neuron, hand_set_weights_compute_and_or_nand)
{
    for (int a = 0; a <= 1; a++)
        for (int c = 0; c <= 1; c++) {
            cr_assert_eq(gate(1, 1, -1.5, a, c), a && c, "AND(%d,%d)", a, c);
            cr_assert_eq(gate(1, 1, -0.5, a, c), a || c, "OR(%d,%d)", a, c);
            cr_assert_eq(gate(-1, -1, 1.5, a, c), !(a && c), "NAND(%d,%d)", a, c);
        }
}
/* <<test the perceptron>> */
static size_t epochs_to_learn(const int t[4], int max_epochs)
{
    const nn_real X[8] = { 0, 0, 0, 1, 1, 0, 1, 1 };
    nn_real w[2] = { 0, 0 };
    nn_neuron u = { 2, w, 0 };
    for (int e = 1; e <= max_epochs; e++)
        if (nn_perceptron_epoch(&u, 4, X, t, 0.5) == 0)
            return (size_t)e;
    return 0;       /* never converged */
}

Test(perceptron, learns_and_or_nand_but_not_xor)
{
    const int and_[4] = { 0, 0, 0, 1 }, or_[4] = { 0, 1, 1, 1 },
              nand[4] = { 1, 1, 1, 0 }, xor_[4] = { 0, 1, 1, 0 };
    cr_assert_gt(epochs_to_learn(and_, 100), 0);
    cr_assert_gt(epochs_to_learn(or_, 100), 0);
    cr_assert_gt(epochs_to_learn(nand, 100), 0);
    cr_assert_eq(epochs_to_learn(xor_, 1000), 0);
}
/* <<test the perceptron>> */
Test(perceptron, stops_within_novikoff_bound)
{
    enum { M = 200 };
    nn_rng r;
    nn_rng_seed(&r, 3, 3);
    double h[4] = { 0.5, -0.5, 0.5, 0.5 }, gamma = 0.05, R = 2;   /* |h| = 1 */
    nn_real X[3 * M];
    int t[M];
    for (int k = 0; k < M; ) {
        double d = h[3];
        for (int i = 0; i < 3; i++) {
            X[3 * k + i] = (nn_real)(2 * nn_rng_uniform(&r) - 1);
            d += h[i] * X[3 * k + i];
        }
        if (fabs(d) >= gamma)
            t[k++] = d > 0;
    }
    nn_real w[3] = { 0, 0, 0 };
    nn_neuron u = { 3, w, 0 };
    size_t total = 0, mistakes;
    int epochs = 0;
    do {
        mistakes = nn_perceptron_epoch(&u, M, X, t, 1);
        total += mistakes;
    } while (mistakes > 0 && ++epochs < 10000);
    cr_assert_eq(mistakes, 0, "did not converge");
    cr_assert_leq((double)total, (R / gamma) * (R / gamma));
}
/* <<test the linear neuron>> */
static void noisy_line(nn_real *X, nn_real *y, int m, int n)
{
    nn_rng r;
    nn_rng_seed(&r, 11, 0);
    for (int k = 0; k < m; k++) {
        double s = 0.3;
        for (int i = 0; i < n; i++) {
            X[k * n + i] = (nn_real)(4 * nn_rng_uniform(&r) - 2);
            s += (i + 1) * X[k * n + i];
        }
        y[k] = (nn_real)(s + 0.1 * nn_rng_normal(&r));
    }
}
/* <<test the linear neuron>> */
Test(linear_neuron, gradient_matches_central_differences)
{
    enum { M = 30, N = 3 };
    nn_real X[M * N], y[M], w[N] = { 0.5, -1, 2 }, dw[N], db;
    noisy_line(X, y, M, N);
    nn_neuron u = { N, w, 0.25 };
    nn_linear_mse_grad(&u, M, X, y, dw, &db);
    const double h = sizeof(nn_real) == 8 ? 1e-4 : 1e-2;
    const double tol = sizeof(nn_real) == 8 ? 1e-6 : 1e-2;
    for (int i = 0; i <= N; i++) {
        nn_real *p = i < N ? &w[i] : &u.b, saved = *p;
        *p = (nn_real)(saved + h);
        double up = nn_linear_mse(&u, M, X, y);
        *p = (nn_real)(saved - h);
        double down = nn_linear_mse(&u, M, X, y);
        *p = saved;
        double fd = (up - down) / (2 * h), an = i < N ? dw[i] : db;
        double rel = fabs(fd - an) / fmax(1e-8, fabs(fd) + fabs(an));
        cr_assert_lt(rel, tol, "parameter %d: analytic %g, numeric %g", i, an, fd);
    }
}
/* <<test the linear neuron>> */
static void check_wide_gradient(int n)
{
    enum { M = 5 };
    nn_real *X = malloc(sizeof *X * M * (size_t)n), y[M];
    nn_real *w = malloc(sizeof *w * (size_t)n), *dw = malloc(sizeof *dw * (size_t)n);
    cr_assert(X && w && dw);
    nn_rng rng;
    nn_rng_seed(&rng, 12, (uint64_t)n);
    for (int i = 0; i < M * n; i++)
        X[i] = (nn_real)(2 * nn_rng_uniform(&rng) - 1);
    for (int i = 0; i < n; i++) {
        w[i] = (nn_real)(0.1 * nn_rng_normal(&rng));
        dw[i] = NAN;
    }
    for (int k = 0; k < M; k++)
        y[k] = (nn_real)nn_rng_normal(&rng);
    nn_neuron u = { (size_t)n, w, 0.5 };
    nn_real db = NAN;
    nn_linear_mse_grad(&u, M, X, y, dw, &db);
    /* <<compare each derivative with the sum of its definition>> */
    double r[M], gb = 0;
    for (int k = 0; k < M; k++) {
        r[k] = (double)nn_neuron_preactivation(&u, X + (size_t)k * n) - y[k];
        gb += 2 * r[k] / M;
    }
    cr_assert_float_eq((double)db, gb, 1e-6 * (1 + fabs(gb)), "bias");
    for (int i = 0; i < n; i++) {
        double want = 0, size = 0;
        for (int k = 0; k < M; k++) {
            want += 2 * r[k] * X[(size_t)k * n + i] / M;
            size += fabs(2 * r[k] * X[(size_t)k * n + i] / M);
        }
        cr_assert(isfinite(dw[i]), "input %d of %d: derivative not written", i, n);
        cr_assert_float_eq((double)dw[i], want, 1e-9 * size + 1e-6 * fabs(want),
                           "input %d of %d", i, n);
    }
    free(X);
    free(w);
    free(dw);
}

Test(linear_neuron, gradient_is_right_for_more_than_64_inputs)
{
    check_wide_gradient(70);
    check_wide_gradient(1000);
}
/* <<test the linear neuron>> */
Test(linear_neuron, descent_reaches_least_squares_and_diverges_above_the_limit)
{
    enum { M = 50 };
    nn_real x[M], y[M], ls_w, ls_b, w, dw;
    noisy_line(x, y, M, 1);
    cr_assert_eq(nn_least_squares_line(M, x, y, &ls_w, &ls_b), NN_OK);
    nn_neuron u = { 1, &w, 0 };
    w = 0;
    for (int s = 0; s < 200; s++)
        nn_linear_gd_step(&u, M, x, y, 0.3, &dw);
    cr_assert_lt(fabs(w - ls_w), 1e-3, "w %g, least squares %g", w, ls_w);
    cr_assert_lt(fabs(u.b - ls_b), 1e-3, "b %g, least squares %g", u.b, ls_b);
    w = 0; u.b = 0;
    for (int s = 0; s < 50; s++)
        nn_linear_gd_step(&u, M, x, y, 1.0, &dw);
    cr_assert_gt(nn_linear_mse(&u, M, x, y), 1e6);
}

Test(linear_neuron, least_squares_rejects_a_constant_input)
{
    nn_real x[3] = { 1, 1, 1 }, y[3] = { 0, 1, 2 }, w, b;
    cr_assert_eq(nn_least_squares_line(3, x, y, &w, &b), NN_EINVAL);
    cr_assert_eq(nn_least_squares_line(1, x, y, &w, &b), NN_EINVAL);
}

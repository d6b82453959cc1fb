/* Tangled from book/a1-110-activations.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "nn.h"
#include "golden.h"

/* <<test names, parsing and defaults>> */
Test(activation, names_parse_back_to_their_kinds)
{
    for (int k = 0; k < NN_ACT_COUNT; k++) {
        nn_act f = { NN_ACT_IDENTITY, 0, 0, 0 };
        cr_assert_eq(nn_act_parse(nn_act_name((nn_act_kind)k), &f), NN_OK, "%d", k);
        cr_assert_eq(f.kind, (nn_act_kind)k);
        cr_assert_eq(f.alpha, k == NN_ACT_LEAKY_RELU ? 0.01 : 1.0);
        cr_assert(f.beta == 1 && f.threshold == 20);
    }
    nn_act g = nn_act_default(NN_ACT_TANH);
    cr_assert_eq(nn_act_parse("swish", &g), NN_EINVAL);
    cr_assert_eq(nn_act_parse("", &g), NN_EINVAL);
    cr_assert_eq(nn_act_parse(NULL, &g), NN_EINVAL);
    cr_assert_eq(g.kind, NN_ACT_TANH);
    cr_assert_str_eq(nn_act_name(NN_ACT_GELU_ERF), "gelu_erf");
    cr_assert_str_eq(nn_act_name((nn_act_kind)99), "unknown");
}
/* <<check a gradient by central differences>> */
enum { GR = 3, GC = 5, GN = GR * GC };

static void draw_inputs(nn_real *x, nn_real *dy, uint64_t seed)
{
    nn_rng r;
    nn_rng_seed(&r, seed, 7);
    for (int i = 0; i < GN; i++) {
        do
            x[i] = (nn_real)(6 * nn_rng_uniform(&r) - 3);
        while (fabs(x[i]) < 0.05);
        dy[i] = (nn_real)nn_rng_normal(&r);
    }
}
/* <<check a gradient by central differences>> */
static double gradient_error(const nn_act *f, nn_real *x, const nn_real *dy)
{
    const double h = sizeof(nn_real) == 8 ? 1e-5 : 1e-2;
    nn_real y[GN], dx[GN], yp[GN], ym[GN];
    nn_act_forward(f, GR, GC, x, y);
    nn_act_backward(f, GR, GC, x, y, dy, dx);
    double worst = 0;
    for (int i = 0; i < GN; i++) {
        nn_real saved = x[i], up = (nn_real)(saved + h), down = (nn_real)(saved - h);
        x[i] = up;
        nn_act_forward(f, GR, GC, x, yp);
        x[i] = down;
        nn_act_forward(f, GR, GC, x, ym);
        x[i] = saved;
        double fd = 0;
        for (int j = 0; j < GN; j++)
            fd += dy[j] * ((double)yp[j] - ym[j]);
        fd /= (double)up - down;
        double scale = fmax(0.1, fmax(fabs(fd), fabs((double)dx[i])));
        worst = fmax(worst, fabs(fd - dx[i]) / scale);
    }
    return worst;
}
/* <<test every activation's gradient>> */
Test(activation, every_gradient_matches_central_differences)
{
    const nn_act checked[] = {
        { NN_ACT_IDENTITY, 1, 1, 20 },   { NN_ACT_STEP, 1, 1, 20 },
        { NN_ACT_SIGMOID, 1, 1, 20 },    { NN_ACT_TANH, 1, 1, 20 },
        { NN_ACT_RELU, 1, 1, 20 },       { NN_ACT_LEAKY_RELU, 0.01, 1, 20 },
        { NN_ACT_LEAKY_RELU, 0.2, 1, 20 }, { NN_ACT_ELU, 1, 1, 20 },
        { NN_ACT_ELU, 0.5, 1, 20 },      { NN_ACT_GELU_ERF, 1, 1, 20 },
        { NN_ACT_GELU_TANH, 1, 1, 20 },  { NN_ACT_SOFTPLUS, 1, 1, 20 },
        { NN_ACT_SOFTPLUS, 1, 2.5, 20 }, { NN_ACT_SOFTMAX, 1, 1, 20 },
        { NN_ACT_LOG_SOFTMAX, 1, 1, 20 },
    };
    const size_t n = sizeof checked / sizeof checked[0];
    const double tol = sizeof(nn_real) == 8 ? 1e-6 : 1e-2;
    unsigned covered = 0;
    for (size_t c = 0; c < n; c++) {
        nn_real x[GN], dy[GN];
        draw_inputs(x, dy, 100 + c);
        double err = gradient_error(&checked[c], x, dy);
        cr_assert_lt(err, tol, "%s (alpha %g, beta %g): relative error %g",
                     nn_act_name(checked[c].kind), checked[c].alpha,
                     checked[c].beta, err);
        covered |= 1u << checked[c].kind;
    }
    cr_assert_eq(covered, (1u << NN_ACT_COUNT) - 1, "a kind is unchecked");
}
/* <<compare activations with PyTorch's golden vectors>> */
static nn_real *golden_to_real(const golden_case *c, const char *name, size_t n)
{
    const golden_tensor *t = golden_tensor_get(c, name);
    cr_assert_not_null(t, "%s: no tensor %s", c->name, name);
    cr_assert_eq(t->rows * t->cols, n, "%s: %s has the wrong size", c->name, name);
    nn_real *v = malloc(n * sizeof *v);
    cr_assert_not_null(v);
    for (size_t i = 0; i < n; i++)
        v[i] = (nn_real)t->data[i];
    return v;
}
/* <<compare activations with PyTorch's golden vectors>> */
Test(activation, matches_pytorch_golden_vectors)
{
    golden_file g;
    char err[512], msg[512];
    if (golden_load("activations.txt", &g, err, sizeof err) != 0)
        cr_assert_fail("%s", err);
    double rtol, atol;
    golden_tolerance(&rtol, &atol);
    size_t compared = 0;
    for (size_t c = 0; c < g.n_cases; c++) {
        const golden_case *gc = &g.cases[c];
        /* <<run one golden case through forward and backward>> */
        nn_act f;
        if (nn_act_parse(gc->op, &f) != NN_OK)
            cr_assert_fail("%s: unknown op %s", gc->name, gc->op);
        f.alpha = golden_param_num(gc, "alpha", f.alpha);
        f.beta = golden_param_num(gc, "beta", f.beta);
        f.threshold = golden_param_num(gc, "threshold", f.threshold);
        const golden_tensor *gx = golden_tensor_get(gc, "x");
        cr_assert_not_null(gx, "%s: no tensor x", gc->name);
        size_t rows = gx->rows, cols = gx->cols, n = rows * cols;
        nn_real *x = golden_to_real(gc, "x", n), *dy = golden_to_real(gc, "dy", n);
        nn_real *y = malloc(n * sizeof *y), *dx = malloc(n * sizeof *dx);
        cr_assert(y && dx);
        nn_act_forward(&f, rows, cols, x, y);
        nn_act_backward(&f, rows, cols, x, y, dy, dx);
        const golden_tensor *want_y = golden_tensor_get(gc, "y");
        const golden_tensor *want_dx = golden_tensor_get(gc, "dx");
        cr_assert(want_y && want_dx, "%s: no tensor y or dx", gc->name);
        cr_assert_eq(golden_compare(want_y, y, rtol, atol, msg, sizeof msg), 0, "%s: %s",
                     gc->name, msg);
        cr_assert_eq(golden_compare(want_dx, dx, rtol, atol, msg, sizeof msg), 0, "%s: %s",
                     gc->name, msg);
        free(x); free(dy); free(y); free(dx);
        compared++;
    }
    fprintf(stderr, "golden activations.txt: %zu cases, %zu compared\n",
            g.n_cases, compared);
    cr_assert_gt(compared, 0, "no case compared");
    golden_free(&g);
}
/* <<test softmax and log-softmax on extreme rows>> */
static void assert_close(double got, double want, const char *what, int i)
{
    double tol = sizeof(nn_real) == 8 ? 1e-12 : 1e-6;
    cr_assert(isfinite(got), "%s[%d] is %g", what, i, got);
    cr_assert_leq(fabs(got - want), tol * fmax(1, fabs(want)),
                  "%s[%d]: got %.17g, want %.17g", what, i, got, want);
}
/* <<test softmax and log-softmax on extreme rows>> */
Test(softmax, rows_of_huge_scores_are_finite_and_exact)
{
    const nn_real x[12] = { 1000, -1000, 0, 999,   -1000, -1000, -999, -1001,
                            7, 7, 7, 7 };
    const double e1 = exp(-1.0), s1 = 1 + e1, s2 = 1 + 2 * e1 + e1 * e1;
    const double l1 = log(s1), l2 = log(s2);
    const double want_p[12] = { 1 / s1, 0, 0, e1 / s1,
                                e1 / s2, e1 / s2, 1 / s2, e1 * e1 / s2,
                                0.25, 0.25, 0.25, 0.25 };
    const double want_l[12] = { -l1, -2000 - l1, -1000 - l1, -1 - l1,
                                -1 - l2, -1 - l2, -l2, -2 - l2,
                                -log(4), -log(4), -log(4), -log(4) };
    nn_real p[12], l[12];
    nn_act sm = nn_act_default(NN_ACT_SOFTMAX);
    nn_act lsm = nn_act_default(NN_ACT_LOG_SOFTMAX);
    nn_act_forward(&sm, 3, 4, x, p);
    nn_act_forward(&lsm, 3, 4, x, l);
    for (int i = 0; i < 12; i++) {
        assert_close(p[i], want_p[i], "softmax", i);
        assert_close(l[i], want_l[i], "log_softmax", i);
    }
    /* <<the backward passes on the extreme rows are finite and sum to zero>> */
    const nn_real dy[12] = { 1, -2, 0.5, 3,   -1, 2, 0.25, 1,   4, -3, 2, 1 };
    nn_real dp[12], dl[12];
    nn_act_backward(&sm, 3, 4, x, p, dy, dp);
    nn_act_backward(&lsm, 3, 4, x, l, dy, dl);
    for (int r = 0; r < 3; r++) {
        double sp = 0, sl = 0;
        for (int j = 0; j < 4; j++) {
            cr_assert(isfinite(dp[4 * r + j]) && isfinite(dl[4 * r + j]));
            sp += dp[4 * r + j];
            sl += dl[4 * r + j];
        }
        cr_assert_lt(fabs(sp), 1e-5, "softmax gradient row %d sums to %g", r, sp);
        cr_assert_lt(fabs(sl), 1e-5, "log_softmax gradient row %d sums to %g", r, sl);
    }
}
/* <<test softmax and log-softmax on extreme rows>> */
Test(softmax, one_row_and_one_column)
{
    const nn_real batch[8] = { 3, -1, 0.5, 2,   1000, 1000, 1000, 1000 };
    nn_act sm = nn_act_default(NN_ACT_SOFTMAX);
    nn_act lsm = nn_act_default(NN_ACT_LOG_SOFTMAX);
    nn_real all[8], one[4];
    nn_act_forward(&sm, 2, 4, batch, all);
    for (int r = 0; r < 2; r++) {
        nn_act_forward(&sm, 1, 4, batch + 4 * r, one);
        cr_assert_arr_eq(one, all + 4 * r, sizeof one, "row %d", r);
    }
    for (int j = 0; j < 4; j++)
        assert_close(all[4 + j], 0.25, "equal scores", j);
    nn_real x = 123, p, l, dy = 5, dp, dl;
    nn_act_forward(&sm, 1, 1, &x, &p);
    nn_act_forward(&lsm, 1, 1, &x, &l);
    nn_act_backward(&sm, 1, 1, &x, &p, &dy, &dp);
    nn_act_backward(&lsm, 1, 1, &x, &l, &dy, &dl);
    cr_assert(p == 1 && l == 0 && dp == 0 && dl == 0, "%g %g %g %g", p, l, dp, dl);
}
/* <<test saturation and large inputs>> */
Test(activation, sigmoid_and_tanh_saturate_exactly)
{
    const nn_real x[4] = { 100, -100, 1000, -1000 }, dy[4] = { 1, 1, 1, 1 };
    nn_real y[4], dx[4];
    nn_act sig = nn_act_default(NN_ACT_SIGMOID), th = nn_act_default(NN_ACT_TANH);
    nn_act_forward(&sig, 1, 4, x, y);
    nn_act_backward(&sig, 1, 4, x, y, dy, dx);
    cr_assert(y[0] == 1 && y[2] == 1 && y[3] == 0, "%g %g %g", y[0], y[2], y[3]);
    cr_assert(y[1] > 0 && y[1] < 1e-43, "sigmoid(-100) = %g", y[1]);
    cr_assert(dx[0] == 0 && dx[2] == 0 && dx[3] == 0 && isfinite(dx[1]));
    nn_act_forward(&th, 1, 4, x, y);
    nn_act_backward(&th, 1, 4, x, y, dy, dx);
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(y[i], x[i] > 0 ? 1 : -1, "tanh(%g) = %g", x[i], y[i]);
        cr_assert_eq(dx[i], 0, "tanh'(%g) = %g", x[i], dx[i]);
    }
}
/* <<test saturation and large inputs>> */
Test(activation, every_kind_is_finite_at_plus_and_minus_1000)
{
    const nn_real x[4] = { 1000, -1000, -999, 998 }, dy[4] = { 1, -1, 2, 0.5 };
    for (int k = 0; k < NN_ACT_COUNT; k++) {
        nn_act f = nn_act_default((nn_act_kind)k);
        nn_real y[4], dx[4];
        nn_act_forward(&f, 1, 4, x, y);
        nn_act_backward(&f, 1, 4, x, y, dy, dx);
        for (int i = 0; i < 4; i++)
            cr_assert(isfinite(y[i]) && isfinite(dx[i]), "%s at %g: y %g, dx %g",
                      nn_act_name(f.kind), x[i], y[i], dx[i]);
    }
}
/* <<test the accurate forms and softplus's threshold>> */
Test(activation, accurate_forms_near_cancellation)
{
    const double tol = sizeof(nn_real) == 8 ? 1e-12 : 1e-6;
    nn_real x = (nn_real)-1e-12, y;
    nn_act elu = nn_act_default(NN_ACT_ELU);
    elu.alpha = 1.5;
    nn_act_forward(&elu, 1, 1, &x, &y);
    double want = 1.5 * ((double)x + (double)x * x / 2);
    cr_assert_lt(fabs(y - want), tol * fabs(want), "elu: %.17g vs %.17g", y, want);
    nn_act gelu = nn_act_default(NN_ACT_GELU_ERF);
    x = -10;
    nn_act_forward(&gelu, 1, 1, &x, &y);
    want = -10 * 7.6198530241605260659733432516e-24;
    cr_assert_lt(fabs(y - want), tol * fabs(want), "gelu: %.17g vs %.17g", y, want);
}
/* <<test the accurate forms and softplus's threshold>> */
Test(activation, softplus_threshold_is_strict_and_nothing_overflows)
{
    nn_act sp = nn_act_default(NN_ACT_SOFTPLUS);
    const nn_real x[3] = { 20, 20.5, -30 }, dy[3] = { 1, 1, 1 };
    nn_real y[3], dx[3];
    nn_act_forward(&sp, 1, 3, x, y);
    nn_act_backward(&sp, 1, 3, x, y, dy, dx);
    cr_assert_eq(y[0], (nn_real)(20 + log1p(exp(-20.0))), "at the threshold");
    cr_assert_eq(y[1], x[1], "above the threshold softplus is the identity");
    cr_assert_eq(dx[1], 1, "slope above the threshold %.17g", dx[1]);
    if (sizeof(nn_real) == 8)
        cr_assert_lt(dx[0], 1, "slope at the threshold is sigmoid(20) < 1");
    assert_close(y[2], exp(-30.0), "softplus", 2);
    sp.threshold = 1e9;
    const nn_real big = 1000;
    nn_act_forward(&sp, 1, 1, &big, y);
    cr_assert_eq(y[0], 1000, "softplus(1000) with a huge threshold: %g", y[0]);
}
/* <<test the conventions at the kinks>> */
Test(activation, kinks_follow_pytorch_conventions)
{
    const struct { nn_act_kind kind; double alpha, y, slope; } kink[] = {
        { NN_ACT_RELU, 1, 0, 0 },          { NN_ACT_LEAKY_RELU, 0.2, 0, 0.2 },
        { NN_ACT_ELU, 1.5, 0, 1.5 },       { NN_ACT_STEP, 1, 1, 0 },
    };
    for (size_t k = 0; k < sizeof kink / sizeof kink[0]; k++) {
        nn_act f = nn_act_default(kink[k].kind);
        f.alpha = kink[k].alpha;
        nn_real x = 0, y, dy = 1, dx;
        nn_act_forward(&f, 1, 1, &x, &y);
        nn_act_backward(&f, 1, 1, &x, &y, &dy, &dx);
        cr_assert(y == (nn_real)kink[k].y && dx == (nn_real)kink[k].slope,
                  "%s at 0: value %g, slope %g", nn_act_name(f.kind), y, dx);
    }
}
/* <<test in-place evaluation>> */
Test(activation, in_place_equals_out_of_place)
{
    for (int k = 0; k < NN_ACT_COUNT; k++) {
        nn_act f = nn_act_default((nn_act_kind)k);
        nn_real x[GN], dy[GN], y[GN], dx[GN], inplace[GN], grad[GN];
        draw_inputs(x, dy, 200 + k);
        nn_act_forward(&f, GR, GC, x, y);
        nn_act_backward(&f, GR, GC, x, y, dy, dx);
        memcpy(inplace, x, sizeof x);
        nn_act_forward(&f, GR, GC, inplace, inplace);
        memcpy(grad, dy, sizeof dy);
        nn_act_backward(&f, GR, GC, x, y, grad, grad);
        cr_assert_arr_eq(inplace, y, sizeof y, "%s forward", nn_act_name(f.kind));
        cr_assert_arr_eq(grad, dx, sizeof dx, "%s backward", nn_act_name(f.kind));
    }
}

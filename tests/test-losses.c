/* Tangled from book/a1-130-losses.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "nn.h"
#include "golden.h"

/* <<test naming and parsing the losses>> */
Test(losses, names_parse_back_to_their_kinds)
{
    const char *names[6] = { "mse", "mae", "huber", "bce_with_logits",
                             "softmax_cross_entropy", "nll" };
    for (int k = 0; k < NN_LOSS_COUNT; k++) {
        nn_loss L = { NN_LOSS_MSE, 0, 0, 1 };
        cr_assert_str_eq(nn_loss_name((nn_loss_kind)k), names[k]);
        cr_assert_eq(nn_loss_parse(names[k], &L), NN_OK, "%s", names[k]);
        cr_assert_eq(L.kind, (nn_loss_kind)k);
        cr_assert_eq(L.delta, 1.0);
        cr_assert_eq(nn_loss_uses_labels(L.kind), k >= 4, "%s", names[k]);
    }
    nn_loss L = { NN_LOSS_MAE, 3, 0, 1 };
    cr_assert_eq(nn_loss_parse("cross_entropy", &L), NN_EINVAL);
    cr_assert_eq(nn_loss_parse("MSE", &L), NN_EINVAL);
    cr_assert_eq(nn_loss_parse(NULL, &L), NN_EINVAL);
    cr_assert(L.kind == NN_LOSS_MAE && L.delta == 3, "a failed parse changed *out");
    cr_assert_str_eq(nn_loss_name((nn_loss_kind)42), "unknown");
}
/* <<test naming and parsing the losses>> */
Test(losses, every_row_of_the_table_is_complete)
{
    cr_assert_eq(NN_LOSS_COUNT, 6);
    for (int k = 0; k < NN_LOSS_COUNT; k++) {
        const char *name = nn_loss_name((nn_loss_kind)k);
        cr_assert(name && strcmp(name, "unknown") != 0, "kind %d has no row", k);
        for (int j = 0; j < k; j++)
            cr_assert_str_neq(name, nn_loss_name((nn_loss_kind)j));
        nn_loss L = { NN_LOSS_MSE, 0, 0, 1 };
        cr_assert(nn_loss_parse(name, &L) == NN_OK && L.kind == (nn_loss_kind)k);
        nn_real pred[2] = { 0.5f, -0.5f }, target[2] = { 1, 0 };
        int labels[1] = { 1 };
        double v = nn_loss_eval(&L, 1, 2, pred, target, labels, NULL);
        cr_assert(isfinite(v), "%s: %g", name, v);
    }
    nn_loss bad = { NN_LOSS_COUNT, 1, 0, 1 };
    nn_real pred[2] = { 0, 0 }, target[2] = { 0, 0 };
    int labels[1] = { 0 };
    cr_assert_str_eq(nn_loss_name(NN_LOSS_COUNT), "unknown");
    cr_assert_eq(nn_loss_uses_labels(NN_LOSS_COUNT), 0);
    cr_assert(isnan(nn_loss_eval(&bad, 1, 2, pred, target, labels, NULL)));
}
/* <<draw random inputs for a loss, away from its corners>> */
static int far_from_corners(const nn_loss *L, double p, double t)
{
    const double d = fabs(p - t), margin = 0.05;
    switch (L->kind) {
    case NN_LOSS_MAE:        return d > margin;
    case NN_LOSS_HUBER:      return d > margin && fabs(d - L->delta) > margin;
    case NN_LOSS_BCE_LOGITS: return fabs(1 / (1 + exp(-p)) - t) > margin;
    default:                 return 1;
    }
}
/* <<draw random inputs for a loss, away from its corners>> */
static void random_inputs(nn_rng *r, const nn_loss *L, size_t B, size_t C,
                          nn_real *pred, nn_real *target, int *labels)
{
    for (size_t i = 0; i < B * C; i++) {
        double p, t;
        do {
            p = 6 * nn_rng_uniform(r) - 3;
            t = L->kind != NN_LOSS_BCE_LOGITS ? 6 * nn_rng_uniform(r) - 3
                : i % 2 ? nn_rng_uniform(r) : (double)nn_rng_below(r, 2);
        } while (!far_from_corners(L, p, t));
        pred[i] = (nn_real)(L->kind == NN_LOSS_NLL ? -fabs(p) - 0.01 : p);
        target[i] = (nn_real)t;
    }
    for (size_t i = 0; i < B; i++)
        labels[i] = (int)nn_rng_below(r, (uint32_t)C);
}
/* <<check a loss's gradient by central differences>> */
static void check_gradient(const nn_loss *L, size_t B, size_t C, nn_real *pred,
                           const nn_real *target, const int *labels)
{
    nn_real grad[64];
    cr_assert_leq(B * C, 64);
    double loss = nn_loss_eval(L, B, C, pred, target, labels, grad);
    cr_assert(isfinite(loss), "%s: loss %g", nn_loss_name(L->kind), loss);
    cr_assert_eq(nn_loss_eval(L, B, C, pred, target, labels, NULL), loss);
    const double h = sizeof(nn_real) == 8 ? 1e-5 : 1e-3;
    const double tol = sizeof(nn_real) == 8 ? 1e-6 : 1e-5;
    for (size_t i = 0; i < B * C; i++) {
        /* <<compute the central difference fd for element i>> */
        const nn_real saved = pred[i];
        pred[i] = (nn_real)(saved + h);
        const double x_up = pred[i], up = nn_loss_eval(L, B, C, pred, target, labels, NULL);
        pred[i] = (nn_real)(saved - h);
        const double x_dn = pred[i], dn = nn_loss_eval(L, B, C, pred, target, labels, NULL);
        pred[i] = saved;
        const double fd = (up - dn) / (x_up - x_dn);    /* the step as stored */
        double rel = fabs(fd - grad[i]) / fmax(fabs(fd) + fabs(grad[i]), 1e-300);
        cr_assert_lt(rel, tol, "%s, %zu x %zu, element %zu: analytic %.17g, "
                     "numeric %.17g", nn_loss_name(L->kind), B, C, i,
                     (double)grad[i], fd);
    }
}
/* <<test every loss's gradient by central differences>> */
Test(losses, gradients_match_central_differences)
{
    const size_t shapes[3][2] = { { 4, 3 }, { 1, 5 }, { 6, 1 } };
    nn_real pred[64], target[64];
    int labels[64];
    nn_rng r;
    nn_rng_seed(&r, 4, 4);
    for (int k = 0; k < 6; k++) {
        nn_loss L = nn_loss_default((nn_loss_kind)k);
        if (L.kind == NN_LOSS_HUBER)
            L.delta = 0.7;
        for (int s = 0; s < 3; s++) {
            random_inputs(&r, &L, shapes[s][0], shapes[s][1], pred, target, labels);
            check_gradient(&L, shapes[s][0], shapes[s][1], pred, target, labels);
        }
    }
}
/* <<compare one golden case with nn_loss_eval>> */
static const char *input_name(nn_loss_kind k)
{
    return k == NN_LOSS_BCE_LOGITS || k == NN_LOSS_SOFTMAX_CE ? "logits"
         : k == NN_LOSS_NLL ? "logp" : "pred";
}

static nn_real *golden_reals(const golden_tensor *t)
{
    nn_real *v = malloc(t->rows * t->cols * sizeof *v);
    cr_assert_not_null(v);
    for (size_t i = 0; i < t->rows * t->cols; i++)
        v[i] = (nn_real)t->data[i];
    return v;
}
/* <<compare one golden case with nn_loss_eval>> */
static void compare_case(const golden_case *c, const nn_loss *L)
{
    char dname[GOLDEN_NAME + 1], msg[512];
    snprintf(dname, sizeof dname, "d%s", input_name(L->kind));
    const golden_tensor *in = golden_tensor_get(c, input_name(L->kind)),
        *tg = golden_tensor_get(c, "target"), *lb = golden_tensor_get(c, "labels"),
        *want_loss = golden_tensor_get(c, "loss"),
        *want_grad = golden_tensor_get(c, dname);
    cr_assert(in && want_loss && want_grad && (nn_loss_uses_labels(L->kind) ? lb : tg),
              "case %s lacks a tensor", c->name);
    size_t B = in->rows, C = in->cols;
    int labels[64];
    cr_assert(!lb || (lb->rows * lb->cols == B && B <= 64), "case %s: labels", c->name);
    for (size_t i = 0; lb && i < B; i++)
        labels[i] = (int)lb->data[i];
    /* <<evaluate the golden case and compare loss and gradient>> */
    nn_real *pred = golden_reals(in), *target = tg ? golden_reals(tg) : NULL;
    nn_real *grad = malloc(B * C * sizeof *grad);
    cr_assert_not_null(grad);
    nn_real loss = (nn_real)nn_loss_eval(L, B, C, pred, target, lb ? labels : NULL, grad);
    double rtol, atol;
    golden_tolerance(&rtol, &atol);
    cr_assert_eq(golden_compare(want_loss, &loss, rtol, atol, msg, sizeof msg), 0,
                 "case %s: %s", c->name, msg);
    cr_assert_eq(golden_compare(want_grad, grad, rtol, atol, msg, sizeof msg), 0,
                 "case %s: %s", c->name, msg);
    free(pred);
    free(target);
    free(grad);
}
/* <<test the losses against PyTorch's golden vectors>> */
Test(losses, match_pytorch_golden_vectors)
{
    golden_file g;
    char err[512];
    if (golden_load("losses.txt", &g, err, sizeof err) != 0)
        cr_assert_fail("%s", err);
    size_t compared = 0;
    for (size_t k = 0; k < g.n_cases; k++) {
        const golden_case *c = &g.cases[k];
        nn_loss L;
        if (nn_loss_parse(c->op, &L) != NN_OK)
            cr_assert_fail("case %s: op %s is unknown to this test", c->name, c->op);
        const golden_param *red = golden_param_get(c, "reduction");
        cr_assert(red && strcmp(red->word, "mean") == 0, "case %s: not mean", c->name);
        L.delta = golden_param_num(c, "delta", 1);
        compare_case(c, &L);
        compared++;
    }
    fprintf(stderr, "golden losses.txt: %zu cases, %zu compared\n", g.n_cases,
            compared);
    cr_assert_gt(compared, 0, "no case of losses.txt was compared");
    golden_free(&g);
}
/* <<test extreme logits, equal logits, a batch of one and one class>> */
static void expect_near(double got, double want, const char *what, size_t i)
{
    double tol = sizeof(nn_real) == 8 ? 1e-12 : 1e-6;
    cr_assert(fabs(got - want) <= tol * fmax(1, fabs(want)),
              "%s [%zu]: got %.17g, want %.17g", what, i, got, want);
}

static void expect_all_near(const nn_real *got, const double *want, size_t n,
                            const char *what)
{
    for (size_t i = 0; i < n; i++)
        expect_near(got[i], want[i], what, i);
}
/* <<test extreme logits, equal logits, a batch of one and one class>> */
Test(losses, extreme_logits_give_finite_exact_values)
{
    const nn_real x[4] = { 1000, -1000, 1000, -1000 }, t[4] = { 1, 0, 0, 1 };
    nn_real g[6];
    const nn_loss bce = nn_loss_default(NN_LOSS_BCE_LOGITS);
    expect_near(nn_loss_eval(&bce, 2, 2, x, t, NULL, g), 500, "bce loss", 0);
    expect_all_near(g, (const double[]){ 0, 0, 0.25, -0.25 }, 4, "bce gradient");
    const nn_real z[6] = { 1000, -1000, 0, 1000, -1000, 0 };
    const int y[2] = { 0, 1 };
    const nn_loss ce = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    expect_near(nn_loss_eval(&ce, 2, 3, z, NULL, y, g), 1000, "ce loss", 0);
    expect_all_near(g, (const double[]){ 0, 0, 0, 0.5, -0.5, 0 }, 6, "ce gradient");
}
/* <<test extreme logits, equal logits, a batch of one and one class>> */
Test(losses, equal_logits_give_log_c)
{
    enum { B = 3, C = 4 };
    nn_real z[B * C], g[B * C];
    const int y[B] = { 0, 3, 1 };
    for (int i = 0; i < B * C; i++)
        z[i] = 7;
    const nn_loss ce = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    expect_near(nn_loss_eval(&ce, B, C, z, NULL, y, g), log(C), "ce loss", 0);
    for (int i = 0; i < B; i++)
        for (int j = 0; j < C; j++)
            expect_near(g[i * C + j], (0.25 - (j == y[i])) / B, "ce gradient",
                        (size_t)(i * C + j));
    const nn_real x[3] = { 0, 0, 0 }, t[3] = { 0, 1, 0.25 };
    const nn_loss bce = nn_loss_default(NN_LOSS_BCE_LOGITS);
    expect_near(nn_loss_eval(&bce, 1, 3, x, t, NULL, g), log(2), "bce loss", 0);
    expect_all_near(g, (const double[]){ 0.5 / 3, -0.5 / 3, 0.25 / 3 }, 3,
                    "bce gradient");
}
/* <<test extreme logits, equal logits, a batch of one and one class>> */
Test(losses, a_batch_of_one_matches_hand_computation)
{
    const nn_real p[2] = { 0.5, 2 }, t[2] = { 0, 4 }, zero = 0, one = 1;
    nn_real g[3];
    nn_loss L = nn_loss_default(NN_LOSS_MSE);
    expect_near(nn_loss_eval(&L, 1, 2, p, t, NULL, g), 2.125, "mse", 0);
    expect_all_near(g, (const double[]){ 0.5, -2 }, 2, "mse gradient");
    L.kind = NN_LOSS_MAE;
    expect_near(nn_loss_eval(&L, 1, 2, p, t, NULL, g), 1.25, "mae", 0);
    expect_all_near(g, (const double[]){ 0.5, -0.5 }, 2, "mae gradient");
    expect_near(nn_loss_eval(&L, 1, 1, &one, &one, NULL, g), 0, "mae at d = 0", 0);
    expect_near(g[0], 0, "mae gradient at d = 0", 0);           /* sign(0) = 0 */
    L.kind = NN_LOSS_HUBER;
    expect_near(nn_loss_eval(&L, 1, 2, p, t, NULL, g), 0.8125, "huber", 0);
    expect_all_near(g, (const double[]){ 0.25, -0.5 }, 2, "huber gradient");
    L.kind = NN_LOSS_BCE_LOGITS;
    expect_near(nn_loss_eval(&L, 1, 1, &zero, &one, NULL, g), log(2), "bce", 0);
    expect_near(g[0], -0.5, "bce gradient", 0);
    /* <<check softmax cross-entropy and NLL on one row>> */
    const nn_real z[2] = { 0, (nn_real)log(3) }, q[3] = { -0.5, -2, -1 };
    const int y1 = 1, y2 = 2;
    L.kind = NN_LOSS_SOFTMAX_CE;
    expect_near(nn_loss_eval(&L, 1, 2, z, NULL, &y1, g), log(4.0 / 3), "ce", 0);
    expect_all_near(g, (const double[]){ 0.25, -0.25 }, 2, "ce gradient");
    L.kind = NN_LOSS_NLL;
    expect_near(nn_loss_eval(&L, 1, 3, q, NULL, &y2, g), 1, "nll", 0);
    expect_all_near(g, (const double[]){ 0, 0, -1 }, 3, "nll gradient");
}
/* <<test extreme logits, equal logits, a batch of one and one class>> */
Test(losses, one_class_softmax_cross_entropy_is_zero)
{
    const nn_real z[3] = { -1000, 0.3f, 1000 };
    const int y[3] = { 0, 0, 0 };
    nn_real g[3] = { 9, 9, 9 };
    const nn_loss ce = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    cr_assert_eq(nn_loss_eval(&ce, 3, 1, z, NULL, y, g), 0);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(g[i], 0, "gradient [%d] = %g", i, (double)g[i]);
}
/* <<test the relations between the losses>> */
Test(losses, huber_interpolates_between_squared_and_absolute_error)
{
    enum { N = 12 };
    nn_real p[N], t[N], g[N];
    int labels[N];
    nn_rng r;
    nn_rng_seed(&r, 5, 5);
    nn_loss mse = nn_loss_default(NN_LOSS_MSE), mae = nn_loss_default(NN_LOSS_MAE),
            huber = nn_loss_default(NN_LOSS_HUBER);
    random_inputs(&r, &mae, 3, 4, p, t, labels);     /* every |d| > 0.05 */
    huber.delta = 100;
    expect_near(nn_loss_eval(&huber, 3, 4, p, t, NULL, g),
                0.5 * nn_loss_eval(&mse, 3, 4, p, t, NULL, NULL), "large delta", 0);
    huber.delta = 0.01;
    expect_near(nn_loss_eval(&huber, 3, 4, p, t, NULL, g),
                0.01 * nn_loss_eval(&mae, 3, 4, p, t, NULL, NULL) - 0.5 * 0.01 * 0.01,
                "small delta", 0);
}
/* <<test the relations between the losses>> */
Test(losses, nll_of_log_softmax_is_softmax_cross_entropy)
{
    enum { B = 3, C = 5 };
    nn_real z[B * C], q[B * C], t[B * C], gz[B * C], gq[B * C];
    int y[B];
    nn_rng r;
    nn_rng_seed(&r, 6, 6);
    const nn_loss ce = nn_loss_default(NN_LOSS_SOFTMAX_CE),
                  nll = nn_loss_default(NN_LOSS_NLL);
    random_inputs(&r, &ce, B, C, z, t, y);
    /* <<compute the log-softmax q of each row of z>> */
    for (int i = 0; i < B; i++) {
        double m = z[i * C], s = 0;
        for (int j = 1; j < C; j++)
            m = fmax(m, z[i * C + j]);
        for (int j = 0; j < C; j++)
            s += exp(z[i * C + j] - m);
        for (int j = 0; j < C; j++)
            q[i * C + j] = (nn_real)(z[i * C + j] - m - log(s));
    }
    expect_near(nn_loss_eval(&nll, B, C, q, NULL, y, gq),
                nn_loss_eval(&ce, B, C, z, NULL, y, gz), "loss", 0);
    for (int i = 0; i < B * C; i++)
        expect_near(gz[i], gq[i] + exp((double)q[i]) / B, "gradient", (size_t)i);
}
/* <<test the relations between the losses>> */
Test(losses, stable_bce_equals_the_textbook_formula)
{
    enum { N = 20 };
    nn_real x[N], t[N];
    int labels[N];
    nn_rng r;
    nn_rng_seed(&r, 7, 7);
    const nn_loss bce = nn_loss_default(NN_LOSS_BCE_LOGITS);
    random_inputs(&r, &bce, 4, 5, x, t, labels);
    double want = 0;
    for (int i = 0; i < N; i++) {
        double y = 1 / (1 + exp(-(double)x[i]));
        want += -t[i] * log(y) - (1 - t[i]) * log(1 - y);
    }
    expect_near(nn_loss_eval(&bce, 4, 5, x, t, NULL, NULL), want / N, "bce", 0);
}
/* <<test that invalid arguments give NaN>> */
Test(losses, invalid_arguments_give_nan_and_leave_the_gradient_alone)
{
    const nn_real p[4] = { 0.1f, 0.2f, 0.3f, 0.4f };
    nn_real g[4] = { 7, 7, 7, 7 };
    const int too_big[2] = { 0, 2 }, negative[2] = { -1, 0 };
    const nn_loss ce = nn_loss_default(NN_LOSS_SOFTMAX_CE),
                  mse = nn_loss_default(NN_LOSS_MSE),
                  odd = { (nn_loss_kind)42, 1, 0, 1 };
    nn_loss huber = nn_loss_default(NN_LOSS_HUBER);
    huber.delta = 0;
    cr_assert(isnan(nn_loss_eval(&ce, 2, 2, p, NULL, too_big, g)), "label = C");
    cr_assert(isnan(nn_loss_eval(&ce, 2, 2, p, NULL, negative, g)), "label < 0");
    cr_assert(isnan(nn_loss_eval(&ce, 2, 2, p, p, NULL, g)), "no labels");
    cr_assert(isnan(nn_loss_eval(&mse, 2, 2, p, NULL, too_big, g)), "no target");
    cr_assert(isnan(nn_loss_eval(&mse, 0, 2, p, p, NULL, g)), "B = 0");
    cr_assert(isnan(nn_loss_eval(&mse, 2, 0, p, p, NULL, g)), "C = 0");
    cr_assert(isnan(nn_loss_eval(&huber, 2, 2, p, p, NULL, g)), "delta = 0");
    cr_assert(isnan(nn_loss_eval(&odd, 2, 2, p, p, NULL, g)), "unknown kind");
    cr_assert(isnan(nn_loss_eval(NULL, 2, 2, p, p, NULL, g)), "no loss");
    for (int i = 0; i < 4; i++)
        cr_assert_eq(g[i], 7, "gradient [%d] was written", i);
}

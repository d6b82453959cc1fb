/* Tangled from book/a1-260-residual.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "nn-layer.h"
#include "golden.h"

/* <<residual test helpers>> */
static nn_net *res_body(size_t n_in, size_t h, size_t n_out, nn_act_kind act)
{
    nn_net *F;
    nn_layer *l;
    cr_assert_eq(nn_net_create(&F, n_in), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, n_in, h, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(F, l), NN_OK);
    cr_assert_eq(nn_layer_act(&l, h, nn_act_default(act)), NN_OK);
    cr_assert_eq(nn_net_add(F, l), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, h, n_out, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(F, l), NN_OK);
    return F;
}

static void res_fill(nn_rng *r, size_t n, nn_real *x, double scale)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (nn_real)(scale * (2 * nn_rng_uniform(r) - 1));
}
/* <<residual test helpers>> */
static nn_net *res_net(nn_net *body, const nn_act *post, size_t max_batch)
{
    nn_net *net;
    nn_layer *l;
    size_t n_in = nn_net_n_in(body);
    cr_assert_eq(nn_net_create(&net, n_in), NN_OK);
    cr_assert_eq(nn_layer_residual(&l, body, post, NN_INIT_XAVIER_UNIFORM, 1), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    cr_assert_eq(nn_net_build(net, max_batch), NN_OK);
    return net;
}

static nn_real *res_tensor(const golden_case *c, const char *name, size_t *n)
{
    const golden_tensor *t = golden_tensor_get(c, name);
    cr_assert_not_null(t, "case %s has no tensor %s", c->name, name);
    nn_real *v = malloc(t->rows * t->cols * sizeof *v);
    cr_assert_not_null(v);
    for (size_t i = 0; i < t->rows * t->cols; i++)
        v[i] = (nn_real)t->data[i];
    *n = t->rows * t->cols;
    return v;
}
/* <<test the residual block against the golden vectors>> */
static void res_golden_case(const golden_case *c)
{
    int post = strcmp(c->op, "residual_post_relu") == 0;
    cr_assert(post || strcmp(c->op, "residual") == 0, "case %s: unknown op %s",
              c->name, c->op);
    size_t nx, n = golden_tensor_get(c, "b1")->cols, B, np, k = 0;
    nn_real *x = res_tensor(c, "x", &nx), *dy = res_tensor(c, "dy", &nx);
    nn_act relu = nn_act_default(NN_ACT_RELU);
    B = nx / n;
    nn_net *net = res_net(res_body(n, n, n, NN_ACT_RELU), post ? &relu : NULL, B);
    nn_real *p = nn_net_params(net, &np), *dx = malloc(nx * sizeof *dx);
    const char *const names[4] = { "W1", "b1", "W2", "b2" };
    for (int t = 0; t < 4; t++) {
        size_t m;
        nn_real *v = res_tensor(c, names[t], &m);
        memcpy(p + k, v, m * sizeof *v), k += m;
        free(v);
    }
    cr_assert_eq(k, np, "case %s: the block has %zu parameters", c->name, np);
    /* <<run the golden residual case and compare>> */
    const nn_real *y;
    nn_net_zero_grad(net);
    cr_assert_eq(nn_net_forward(net, B, x, 1, NULL, &y), NN_OK);
    cr_assert_eq(nn_net_backward(net, dy, dx), NN_OK);
    GOLDEN_EXPECT(c, "y", y);
    GOLDEN_EXPECT(c, "dx", dx);
    const nn_real *g = nn_net_grads(net, &np);
    const char *const grads[4] = { "dW1", "db1", "dW2", "db2" };
    for (int t = 0; t < 4; t++) {
        GOLDEN_EXPECT(c, grads[t], g);
        g += golden_tensor_get(c, grads[t])->rows * golden_tensor_get(c, grads[t])->cols;
    }
    free(x), free(dy), free(dx), nn_net_free(net);
}
/* <<test the residual block against the golden vectors>> */
Test(residual, matches_pytorch_golden_vectors)
{
    golden_file g;
    char err[512];
    cr_assert_eq(golden_load("residual.txt", &g, err, sizeof err), 0, "%s", err);
    size_t post = 0;
    for (size_t k = 0; k < g.n_cases; k++) {
        res_golden_case(&g.cases[k]);
        post += strcmp(g.cases[k].op, "residual_post_relu") == 0;
    }
    golden_report(&g, g.n_cases);
    cr_assert(post > 0 && post < g.n_cases, "both operations must be compared");
    golden_free(&g);
}
/* <<test the residual block's gradients by finite differences>> */
static void res_gradcheck(size_t n_in, size_t n_out, const nn_act *post,
                          const char *what)
{
    enum { B = 3 };
    nn_net *net;
    nn_layer *l;
    nn_rng r;
    nn_rng_seed(&r, 26, 0);
    cr_assert_eq(nn_net_create(&net, 3), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, 3, n_in, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    cr_assert_eq(nn_layer_residual(&l, res_body(n_in, 5, n_out, NN_ACT_TANH), post,
                                   NN_INIT_XAVIER_UNIFORM, 1), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, n_out, 2, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    cr_assert_eq(nn_net_build(net, B), NN_OK);
    nn_net_init_params(net, &r);
    /* <<check the residual network's gradients at the best step>> */
    size_t np;
    nn_real *p = nn_net_params(net, &np), X[B * 3], T[B * 2];
    res_fill(&r, np, p, 0.5), res_fill(&r, B * 3, X, 1), res_fill(&r, B * 2, T, 1);
    double h, floor, tol;
    nn_gradcheck_defaults(&h, &floor, &tol);
    h = sizeof(nn_real) == sizeof(float) ? 4e-3 : h;
    nn_loss L = nn_loss_default(NN_LOSS_MSE);
    nn_gradcheck_result rp, rx;
    cr_assert_eq(nn_net_gradcheck(net, &L, B, X, T, NULL, NULL, h, floor, &rp, &rx),
                 NN_OK);
    fprintf(stderr, "gradcheck residual block %s: params %.3g (%zu), inputs %.3g (%zu),"
            " tolerance %g\n", what, rp.max_err, rp.n_checked, rx.max_err, rx.n_checked,
            tol);
    cr_assert_eq(rp.n_checked, np);
    cr_assert_lt(rp.max_err, tol, "%s: parameter %zu", what, rp.worst);
    cr_assert_lt(rx.max_err, tol, "%s: input %zu", what, rx.worst);
    nn_net_free(net);
}
/* <<test the residual block's gradients by finite differences>> */
Test(gradcheck, residual_block_with_identity_skip)
{
    res_gradcheck(4, 4, NULL, "identity");
}

Test(gradcheck, residual_block_with_projection_and_activation_after_the_sum)
{
    nn_act tanh_ = nn_act_default(NN_ACT_TANH);
    res_gradcheck(4, 6, &tanh_, "projection");
}
/* <<test that the residual block keeps the layer contract>> */
Test(residual, gradients_add_up_and_dx_is_optional)
{
    nn_act relu = nn_act_default(NN_ACT_RELU);
    nn_net *net = res_net(res_body(3, 5, 4, NN_ACT_TANH), &relu, 2);
    nn_rng r;
    nn_rng_seed(&r, 26, 1);
    nn_net_init_params(net, &r);
    nn_real X[6], dY[8], dX[6], once[64];
    res_fill(&r, 6, X, 1), res_fill(&r, 8, dY, 1);
    size_t n;
    nn_real *g = nn_net_grads(net, &n);
    cr_assert_leq(n, 64);
    nn_net_zero_grad(net);
    cr_assert_eq(nn_net_forward(net, 2, X, 1, &r, NULL), NN_OK);
    cr_assert_eq(nn_net_backward(net, dY, dX), NN_OK);
    memcpy(once, g, n * sizeof *g);
    cr_assert_eq(nn_net_backward(net, dY, NULL), NN_OK);
    for (size_t k = 0; k < n; k++)
        cr_assert(g[k] == 2 * once[k], "gradient %zu: %g, not twice %g", k,
                  (double)g[k], (double)once[k]);
    nn_net_free(net);
}
/* <<test that the residual block keeps the layer contract>> */
typedef struct spy_layer {
    nn_layer base;
    int forward_train, backward_train;
    const nn_rng *forward_rng, *backward_rng;
} spy_layer;

static nn_status spy_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                             const nn_ctx *c)
{
    spy_layer *s = (spy_layer *)l;
    s->forward_train = c->train, s->forward_rng = c->rng;
    memcpy(y, x, B * l->n_in * sizeof *x);
    return NN_OK;
}
/* <<test that the residual block keeps the layer contract>> */
static void spy_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                         const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    spy_layer *s = (spy_layer *)l;
    (void)x, (void)y;
    s->backward_train = c->train, s->backward_rng = c->rng;
    if (dx)
        memcpy(dx, dy, B * l->n_in * sizeof *dy);
}

static const nn_layer_ops spy_ops = {
    .kind = "spy", .forward = spy_forward, .backward = spy_backward,
};
/* <<test that the residual block keeps the layer contract>> */
Test(residual, the_context_reaches_the_inner_layers)
{
    spy_layer *spy = calloc(1, sizeof *spy);
    spy->base = (nn_layer){ .ops = &spy_ops, .n_in = 3, .n_out = 3 };
    nn_net *F = res_body(3, 4, 3, NN_ACT_TANH);
    cr_assert_eq(nn_net_add(F, &spy->base), NN_OK);
    nn_net *net = res_net(F, NULL, 2);
    nn_rng r;
    nn_rng_seed(&r, 26, 2);
    nn_net_init_params(net, &r);
    nn_real X[6] = { 1, 2, 3, 4, 5, 6 }, dY[6] = { 1, 1, 1, 1, 1, 1 };
    cr_assert_eq(nn_net_forward(net, 2, X, 1, &r, NULL), NN_OK);
    cr_assert_eq(nn_net_backward(net, dY, NULL), NN_OK);
    cr_assert(spy->forward_train && spy->backward_train);
    cr_assert(spy->forward_rng == &r && spy->backward_rng == &r);
    cr_assert_eq(nn_net_forward(net, 2, X, 0, &r, NULL), NN_OK);
    cr_assert(!spy->forward_train && spy->forward_rng == NULL);
    nn_net_free(net);
}
/* <<test that the residual block keeps the layer contract>> */
Test(residual, refuses_what_cannot_work)
{
    nn_layer *l = (nn_layer *)1;
    nn_net *empty, *built = res_body(3, 4, 3, NN_ACT_TANH);
    nn_act bad = { .kind = NN_ACT_COUNT };
    cr_assert_eq(nn_net_create(&empty, 3), NN_OK);
    cr_assert_eq(nn_layer_residual(&l, empty, NULL, NN_INIT_HE_NORMAL, 1), NN_EINVAL);
    cr_assert_null(l);
    cr_assert_eq(nn_net_build(built, 2), NN_OK);
    cr_assert_eq(nn_layer_residual(&l, built, NULL, NN_INIT_HE_NORMAL, 1), NN_EINVAL);
    cr_assert_eq(nn_layer_residual(&l, res_body(3, 4, 3, NN_ACT_TANH), &bad,
                                   NN_INIT_HE_NORMAL, 1), NN_EINVAL);
    cr_assert_eq(nn_layer_residual(&l, res_body(3, 4, 3, NN_ACT_TANH), NULL,
                                   NN_INIT_HE_NORMAL, -1), NN_EINVAL);
    cr_assert_eq(nn_layer_residual(&l, NULL, NULL, NN_INIT_HE_NORMAL, 1), NN_EINVAL);
}
/* <<test the networks of residual blocks>> */
static nn_real *res_params(nn_net *net, size_t *n)
{
    nn_real *p = nn_net_params(net, n), *copy = malloc(*n * sizeof *p);
    cr_assert_not_null(copy);
    return memcpy(copy, p, *n * sizeof *p);
}
/* <<test the networks of residual blocks>> */
Test(residual, blocks_are_an_mlp_with_the_same_draws)
{
    const size_t sizes[] = { 5, 6, 3 };
    nn_act relu = nn_act_default(NN_ACT_RELU);
    nn_net *a, *b;
    nn_rng r;
    size_t na, nb;
    nn_rng_seed(&r, 26, 3);
    cr_assert_eq(nn_net_mlp_init(&a, 3, sizes, relu, NN_INIT_HE_NORMAL, 4, &r), NN_OK);
    nn_rng_seed(&r, 26, 3);
    cr_assert_eq(nn_net_mlp_blocks(&b, 3, sizes, NULL, relu, NN_INIT_HE_NORMAL, 0, 0, 1,
                                   4, &r), NN_OK);
    nn_real *pa = res_params(a, &na), *pb = res_params(b, &nb);
    cr_assert(na == nb && memcmp(pa, pb, na * sizeof *pa) == 0);
    free(pa), free(pb), nn_net_free(a), nn_net_free(b);
    /* <<compare a plain and a residual network of four blocks>> */
    nn_net *net[2];
    nn_real *p[2];
    unsigned char mask[2][512];
    for (int s = 0; s < 2; s++) {
        nn_rng_seed(&r, 26, 4);
        cr_assert_eq(nn_net_mlp_blocks(&net[s], 3, sizes, NULL, relu, NN_INIT_HE_NORMAL,
                                       0, 4, s, 4, &r), NN_OK);
        p[s] = res_params(net[s], &na);
        cr_assert_leq(na, 512);
        nn_net_decay_mask(net[s], mask[s]);
    }
    cr_assert_eq(nn_net_n_layers(net[0]), 2 + 4 * 4 + 1);
    cr_assert_eq(nn_net_n_layers(net[1]), 2 + 4 + 1);
    for (size_t i = 0; i < na; i++) {
        int second = i >= 36 && i < 36 + 4 * 84 && (i - 36) % 84 >= 42;
        cr_assert(p[1][i] == (second ? p[0][i] / 2 : p[0][i]), "parameter %zu", i);
    }
    cr_assert_eq(memcmp(mask[0], mask[1], na), 0, "decay masks");
    free(p[0]), free(p[1]), nn_net_free(net[0]), nn_net_free(net[1]);
}
/* <<test the networks of residual blocks>> */
Test(residual, blocks_take_the_normalization_and_dropout)
{
    static const char *plain[] = { "dense", "batchnorm", "activation", "dropout" };
    const size_t sizes[] = { 5, 6, 3 };
    const nn_norm norm[] = { NN_NORM_BATCH };
    nn_act relu = nn_act_default(NN_ACT_RELU);
    nn_net *net[2];
    nn_real *p[2];
    size_t n;
    for (int s = 0; s < 2; s++) {
        nn_rng r;
        nn_rng_seed(&r, 26, 5);
        cr_assert_eq(nn_net_mlp_blocks(&net[s], 3, sizes, norm, relu,
                                       NN_INIT_HE_NORMAL, 0.25, 4, s, 4, &r), NN_OK);
        p[s] = res_params(net[s], &n);
    }
    cr_assert_eq(nn_net_n_layers(net[0]), 4 + 4 * 8 + 1);
    cr_assert_eq(nn_net_n_layers(net[1]), 4 + 4 * 2 + 1);
    for (size_t i = 0; i < 4 + 4 * 8; i++)
        cr_assert_str_eq(nn_layer_kind_name(nn_net_layer(net[0], i)), plain[i % 4]);
    for (size_t b = 0; b < 4; b++) {
        const nn_layer *l = nn_net_layer(net[1], 4 + 2 * b);
        cr_assert_str_eq(nn_layer_kind_name(l), "residual");
        l = nn_net_layer(net[1], 5 + 2 * b);
        cr_assert_str_eq(nn_layer_kind_name(l), "dropout");
    }
    cr_assert_eq(n, 48 + 4 * 108 + 21);
    for (size_t i = 0; i < n; i++) {
        int gamma = i >= 48 && i < 48 + 4 * 108 && (i - 48) % 108 >= 96
                    && (i - 48) % 108 < 102;
        cr_assert(p[1][i] == (gamma ? p[0][i] / 2 : p[0][i]), "parameter %zu", i);
    }
    free(p[0]), free(p[1]), nn_net_free(net[0]), nn_net_free(net[1]);
}

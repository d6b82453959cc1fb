/* Tangled from book/a1-140-backprop.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "nn-layer.h"
#include "golden.h"
#include "two-layer.h"

/* <<random test data>> */
static void fill(nn_rng *r, size_t n, nn_real *v, double scale)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (nn_real)(scale * nn_rng_normal(r));
}
/* <<test the gradients of networks by finite differences>> */
static void check_net(const size_t *sizes, size_t n_sizes, nn_act_kind act,
                      nn_loss_kind loss)
{
    enum { B = 5 };
    nn_rng r;
    nn_rng_seed(&r, 21, act);
    nn_net *net;
    /* <<build the network to check, with its parameters moved off their start>> */
    cr_assert_eq(nn_net_mlp(&net, n_sizes, sizes, nn_act_default(act), B, &r), NN_OK);
    size_t n_in = sizes[0], n_out = sizes[n_sizes - 1], np;
    nn_real *p = nn_net_params(net, &np);
    for (size_t i = 0; i < np; i++)      /* nonzero biases too */
        p[i] += (nn_real)(0.1 * nn_rng_normal(&r));
    /* <<draw the batch to check, with both targets and labels>> */
    nn_real X[B * 8], T[B * 8];
    int labels[B];
    fill(&r, B * n_in, X, 1);
    fill(&r, B * n_out, T, 1);
    for (int k = 0; k < B; k++)
        labels[k] = (int)nn_rng_below(&r, (uint32_t)n_out);
    /* <<run the checker on every parameter and every input>> */
    double h, floor, tol;
    nn_gradcheck_defaults(&h, &floor, &tol);
    nn_loss L = nn_loss_default(loss);
    nn_gradcheck_result rp, rx;
    cr_assert_eq(nn_net_gradcheck(net, &L, B, X, T, labels, NULL, h, floor, &rp, &rx),
                 NN_OK);
    /* <<report the worst errors, and fail if either exceeds the tolerance>> */
    fprintf(stderr, "gradcheck %s/%s: params %.3g (%zu), inputs %.3g (%zu)\n",
            nn_act_name(act), nn_loss_name(loss), rp.max_err, rp.n_checked,
            rx.max_err, rx.n_checked);
    cr_assert_eq(rp.n_checked, np);
    cr_assert_eq(rx.n_checked, B * n_in);
    cr_assert_lt(rp.max_err, tol, "parameter %zu: analytic %g, numeric %g",
                 rp.worst, rp.analytic, rp.numeric);
    cr_assert_lt(rx.max_err, tol, "input %zu: analytic %g, numeric %g",
                 rx.worst, rx.analytic, rx.numeric);
    nn_net_free(net);
}
/* <<test the gradients of networks by finite differences>> */
Test(gradcheck, dense_layer_alone)
{
    const size_t sizes[] = { 4, 3 };
    check_net(sizes, 2, NN_ACT_TANH, NN_LOSS_MSE);
}

Test(gradcheck, mlp_tanh_sigmoid_relu)
{
    const size_t sizes[] = { 4, 6, 5, 3 };
    check_net(sizes, 4, NN_ACT_TANH, NN_LOSS_SOFTMAX_CE);
    check_net(sizes, 4, NN_ACT_SIGMOID, NN_LOSS_SOFTMAX_CE);
    check_net(sizes, 4, NN_ACT_RELU, NN_LOSS_SOFTMAX_CE);
    check_net(sizes, 4, NN_ACT_TANH, NN_LOSS_MSE);
}
/* <<test that the checker catches a wrong gradient>> */
static double square_sum(void *ctx)
{
    const nn_real *v = ctx;
    return (double)v[0] * v[0] + 3.0 * v[1] * v[1];
}

Test(gradcheck, catches_a_wrong_gradient)
{
    nn_real v[2] = { 0.7f, -1.3f };
    nn_real right[2] = { 1.4f, -7.8f }, wrong[2] = { 1.4f, -3.9f };
    double h, floor, tol;
    nn_gradcheck_defaults(&h, &floor, &tol);
    nn_gradcheck_result res;
    nn_gradcheck(square_sum, v, 2, v, right, h, floor, &res);
    cr_assert_lt(res.max_err, tol);
    cr_assert(v[0] == 0.7f && v[1] == -1.3f, "the point must be restored");
    nn_gradcheck(square_sum, v, 2, v, wrong, h, floor, &res);
    cr_assert_gt(res.max_err, 0.3);
    cr_assert_eq(res.worst, 1);
}
/* <<test the two-layer network's hand-derived gradients>> */
typedef struct tl_case { tl_net *net; const nn_real *X, *T; size_t B; } tl_case;

static double tl_loss(void *ctx)
{
    tl_case *c = ctx;
    tl_forward(c->net, c->B, c->X);
    return tl_backward_mse(c->net, c->B, c->X, c->T);    /* grads are redone later */
}
/* <<test the two-layer network's hand-derived gradients>> */
Test(gradcheck, two_layer_network_of_chapter_3)
{
    enum { B = 6, NI = 3, NH = 4, NO = 2 };
    nn_rng r;
    nn_rng_seed(&r, 33, 0);
    tl_net net;
    cr_assert_eq(tl_create(&net, NI, NH, NO, nn_act_default(NN_ACT_TANH),
                           nn_act_default(NN_ACT_SIGMOID), B), 0);
    tl_init(&net, &r);
    fill(&r, net.n_params, net.params, 0.5);
    nn_real X[B * NI], T[B * NO], *grad = malloc(net.n_params * sizeof *grad);
    fill(&r, B * NI, X, 1);
    fill(&r, B * NO, T, 0.5);
    tl_case c = { &net, X, T, B };
    tl_loss(&c);
    for (size_t i = 0; i < net.n_params; i++)
        grad[i] = net.grads[i];
    double h, floor, tol;
    nn_gradcheck_defaults(&h, &floor, &tol);
    nn_gradcheck_result res;
    nn_gradcheck(tl_loss, &c, net.n_params, net.params, grad, h, floor, &res);
    cr_assert_lt(res.max_err, tol, "parameter %zu: analytic %g, numeric %g",
                 res.worst, res.analytic, res.numeric);
    free(grad);
    tl_free(&net);
}
/* <<test a network against the golden vectors>> */
static void load_dense(nn_net *net, size_t i, const golden_case *c, const char *Wn,
                       const char *bn)
{
    nn_layer *l = nn_net_layer(net, i);
    const golden_tensor *W = golden_tensor_get(c, Wn), *b = golden_tensor_get(c, bn);
    cr_assert(W && b && W->rows == l->n_in && W->cols == l->n_out, "case %s", c->name);
    for (size_t k = 0; k < W->rows * W->cols; k++)
        l->params[k] = (nn_real)W->data[k];
    for (size_t k = 0; k < b->cols; k++)
        l->params[W->rows * W->cols + k] = (nn_real)b->data[k];
}
/* <<test a network against the golden vectors>> */
Test(network, matches_pytorch_golden_mlp)
{
    golden_file g;
    char err[512];
    cr_assert_eq(golden_load("mlp.txt", &g, err, sizeof err), 0, "%s", err);
    size_t compared = 0;
    for (size_t k = 0; k < g.n_cases; k++) {
        const golden_case *c = &g.cases[k];
        cr_assert_str_eq(c->op, "mlp_softmax_cross_entropy", "case %s: unknown op %s",
                         c->name, c->op);
        /* <<run one golden MLP case>> */
        const golden_param *a = golden_param_get(c, "activation");
        nn_act f;
        cr_assert(a && nn_act_parse(a->word, &f) == NN_OK, "case %s: activation", c->name);
        const golden_tensor *x = golden_tensor_get(c, "x");
        const golden_tensor *lab = golden_tensor_get(c, "labels");
        const golden_tensor *W1 = golden_tensor_get(c, "W1"), *W2 = golden_tensor_get(c, "W2");
        const golden_tensor *W3 = golden_tensor_get(c, "W3");
        cr_assert(x && lab && W1 && W2 && W3, "case %s: tensors", c->name);
        size_t B = x->rows, sizes[4] = { x->cols, W1->cols, W2->cols, W3->cols };
        nn_net *net;
        cr_assert_eq(nn_net_mlp(&net, 4, sizes, f, B, NULL), NN_OK);
        load_dense(net, 0, c, "W1", "b1");
        load_dense(net, 2, c, "W2", "b2");
        load_dense(net, 4, c, "W3", "b3");
        /* <<forward, loss and backward through the golden network>> */
        nn_real *X = malloc(B * sizes[0] * sizeof *X), *dX = malloc(B * sizes[0] * sizeof *dX);
        nn_real *dlogits = malloc(B * sizes[3] * sizeof *dlogits);
        int *labels = malloc(B * sizeof *labels);
        for (size_t i = 0; i < B * sizes[0]; i++)
            X[i] = (nn_real)x->data[i];
        for (size_t i = 0; i < B; i++)
            labels[i] = (int)lab->data[i];
        const nn_real *logits;
        nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
        cr_assert_eq(nn_net_forward(net, B, X, 1, NULL, &logits), NN_OK);
        nn_real loss = (nn_real)nn_loss_eval(&L, B, sizes[3], logits, NULL, labels, dlogits);
        nn_net_zero_grad(net);
        cr_assert_eq(nn_net_backward(net, dlogits, dX), NN_OK);
        GOLDEN_EXPECT(c, "h1", nn_net_activation(net, 2));
        GOLDEN_EXPECT(c, "h2", nn_net_activation(net, 4));
        GOLDEN_EXPECT(c, "logits", logits);
        GOLDEN_EXPECT(c, "loss", &loss);
        GOLDEN_EXPECT(c, "dlogits", dlogits);
        GOLDEN_EXPECT(c, "dx", dX);
        const char *gname[6] = { "dW1", "db1", "dW2", "db2", "dW3", "db3" };
        for (size_t i = 0; i < 3; i++) {
            nn_layer *l = nn_net_layer(net, 2 * i);
            GOLDEN_EXPECT(c, gname[2 * i], l->grads);
            GOLDEN_EXPECT(c, gname[2 * i + 1], l->grads + l->n_in * l->n_out);
        }
        free(X), free(dX), free(dlogits), free(labels);
        nn_net_free(net);
        compared++;
    }
    fprintf(stderr, "golden mlp.txt: %zu cases, %zu compared\n", g.n_cases, compared);
    cr_assert_gt(compared, 0, "no case compared");
    golden_free(&g);
}
/* <<test that networks reject impossible requests>> */
Test(network, rejects_impossible_requests)
{
    nn_net *net;
    nn_layer *l;
    const size_t sizes[] = { 3, 4, 2 };
    nn_real X[2 * 3] = { 0 }, T[2 * 2] = { 0 }, dY[2 * 2] = { 0 };
    cr_assert_eq(nn_net_mlp(&net, 1, sizes, nn_act_default(NN_ACT_RELU), 2, NULL),
                 NN_EINVAL);
    cr_assert_null(net);
    cr_assert_eq(nn_layer_dense(&l, 0, 3, NN_INIT_HE_NORMAL), NN_EINVAL);
    cr_assert_eq(nn_net_create(&net, 3), NN_OK);
    cr_assert_eq(nn_net_build(net, 2), NN_EINVAL, "no layers");
    cr_assert_eq(nn_layer_dense(&l, 4, 2, NN_INIT_HE_NORMAL), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_EINVAL, "3 features into a 4-input layer");
    cr_assert_eq(nn_layer_dense(&l, 3, 2, NN_INIT_HE_NORMAL), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    cr_assert_eq(nn_net_build(net, 2), NN_OK);
    cr_assert_eq(nn_net_backward(net, dY, NULL), NN_EINVAL, "backward before forward");
    cr_assert_eq(nn_net_forward(net, 3, X, 1, NULL, NULL), NN_EINVAL, "batch > max");
    cr_assert_eq(nn_net_forward(net, 2, X, 1, NULL, NULL), NN_OK);
    nn_loss ce = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    nn_loss mse = nn_loss_default(NN_LOSS_MSE);
    cr_assert_eq(nn_net_loss(net, &ce, T, NULL, NULL), NN_EINVAL, "no labels");
    cr_assert_eq(nn_net_loss(net, &mse, NULL, NULL, NULL), NN_EINVAL, "no targets");
    cr_assert_eq(nn_net_loss_backward(net, &mse, T, NULL, NULL), NN_OK);
    cr_assert_str_eq(nn_strerror(NN_ENOMEM), "out of memory");
    nn_net_free(net);
}
/* <<test that networks reject impossible requests>> */
Test(status, error_messages_are_formatted_and_cut_short_safely)
{
    nn_error e;
    char long_name[1000];
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    cr_assert_eq(nn_error_set(&e, NN_EINVAL, "%s: bad %d", "f.idx", 7), NN_EINVAL);
    cr_assert_str_eq(e.msg, "f.idx: bad 7");
    cr_assert_eq(e.status, NN_EINVAL);
    nn_error_set(&e, NN_EINVAL, "%s", long_name);
    cr_assert_eq(strlen(e.msg), sizeof e.msg - 1);
    cr_assert_eq(nn_error_set(NULL, NN_ENOMEM, "ignored"), NN_ENOMEM);
}
/* <<test that an input in place gives what a copied one gives>> */
Test(network, an_input_in_place_gives_what_a_copied_one_gives)
{
    const size_t sizes[] = { 3, 5, 2 };
    nn_real X[2 * 3] = { 0.5, -1, 2, 0.25, 3, -0.75 }, Y[2 * 2];
    const nn_real *out;
    nn_rng r;
    nn_rng_seed(&r, 14, 0);
    nn_net *net;
    cr_assert_eq(nn_net_create(&net, 3), NN_OK);
    cr_assert_null(nn_net_input(net), "not built: no buffer");
    nn_net_free(net);
    cr_assert_eq(nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_TANH), 2, &r), NN_OK);
    cr_assert_eq(nn_net_forward(net, 2, X, 0, NULL, &out), NN_OK);
    memcpy(Y, out, sizeof Y);
    nn_real *in = nn_net_input(net);
    cr_assert_not_null(in);
    memcpy(in, X, sizeof X);
    cr_assert_eq(nn_net_forward(net, 2, in, 0, NULL, &out), NN_OK);
    cr_assert(memcmp(Y, out, sizeof Y) == 0);
    nn_net_free(net);
}
/* <<test that out-of-range kinds and aliased gradients are refused>> */
Test(layer, kinds_out_of_range_are_refused_by_the_sentinels)
{
    nn_layer *l;
    nn_act f = nn_act_default((nn_act_kind)(NN_ACT_COUNT - 1));
    cr_assert_eq(nn_layer_act(&l, 3, f), NN_OK, "the last kind");
    nn_layer_free(l);
    f.kind = NN_ACT_COUNT;
    cr_assert_eq(nn_layer_act(&l, 3, f), NN_EINVAL, "the sentinel");
    cr_assert_null(l);
    cr_assert_str_eq(nn_act_name(NN_ACT_COUNT), "unknown");
    cr_assert_eq(nn_layer_dense(&l, 3, 2, (nn_init)(NN_INIT_COUNT - 1)), NN_OK);
    nn_layer_free(l);
    cr_assert_eq(nn_layer_dense(&l, 3, 2, NN_INIT_COUNT), NN_EINVAL);
    cr_assert_null(l);
}

Test(network, refuses_one_array_as_both_gradients)
{
    const size_t sizes[] = { 2, 2 };
    nn_net *net;
    nn_real X[2] = { 1, 2 }, G[2] = { 1, 1 }, dX[2];
    cr_assert_eq(nn_net_mlp(&net, 2, sizes, nn_act_default(NN_ACT_TANH), 1, NULL),
                 NN_OK);
    cr_assert_eq(nn_net_forward(net, 1, X, 0, NULL, NULL), NN_OK);
    cr_assert_eq(nn_net_backward(net, G, G), NN_EINVAL);
    cr_assert_eq(nn_net_backward(net, G, dX), NN_OK);
    nn_net_free(net);
}
/* <<a layer that draws a random number per example>> */
typedef struct draw_layer {
    nn_layer base;
    size_t draws, rng_in_eval;
} draw_layer;

static nn_status draw_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                              const nn_ctx *c)
{
    draw_layer *d = (draw_layer *)l;
    if (c->train && !c->rng)
        return NN_EINVAL;
    for (size_t r = 0; c->train && r < B; r++, d->draws++)
        nn_rng_u32(c->rng);
    d->rng_in_eval += !c->train && c->rng;
    memcpy(y, x, B * l->n_in * sizeof *y);
    return NN_OK;
}
/* <<a layer that draws a random number per example>> */
static void draw_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                          const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    (void)x, (void)y, (void)c;
    if (dx)
        memcpy(dx, dy, B * l->n_in * sizeof *dx);
}

static const nn_layer_ops draw_ops = {
    .kind = "draws", .forward = draw_forward, .backward = draw_backward,
};

static nn_layer *draw_layer_new(size_t n)
{
    draw_layer *d = calloc(1, sizeof *d);
    cr_assert_not_null(d);
    d->base = (nn_layer){ .ops = &draw_ops, .n_in = n, .n_out = n };
    return &d->base;
}
/* <<test the layer contract: the context and gradients that add up>> */
Test(layer, context_reaches_the_layers_and_gradients_add_up)
{
    nn_net *net;
    nn_rng r;
    nn_rng_seed(&r, 4, 4);
    nn_layer *dense;
    cr_assert_eq(nn_net_create(&net, 3), NN_OK);
    cr_assert_eq(nn_layer_dense(&dense, 3, 2, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(net, dense), NN_OK);
    cr_assert_eq(nn_net_add(net, draw_layer_new(2)), NN_OK);
    cr_assert_eq(nn_net_build(net, 4), NN_OK);
    nn_net_init_params(net, &r);
    draw_layer *d = (draw_layer *)nn_net_layer(net, 1);
    /* <<run the layer that draws in training and in evaluation>> */
    nn_real X[12], dY[8];
    for (int i = 0; i < 12; i++)
        X[i] = (nn_real)(0.1 * i - 0.5);
    for (int i = 0; i < 8; i++)
        dY[i] = (nn_real)(0.25 * i - 1);
    cr_assert_eq(nn_net_forward(net, 4, X, 1, NULL, NULL), NN_EINVAL, "no generator");
    cr_assert_eq(nn_net_forward(net, 4, X, 0, &r, NULL), NN_OK);
    cr_assert_eq(d->draws + d->rng_in_eval, 0, "evaluation hands the layers NULL");
    cr_assert_eq(nn_net_forward(net, 4, X, 1, &r, NULL), NN_OK);
    cr_assert_eq(d->draws, 4);
    /* <<check that a second backward pass doubles the gradients>> */
    size_t n;
    nn_real *g = nn_net_grads(net, &n), once[8];
    nn_net_zero_grad(net);
    cr_assert_eq(nn_net_backward(net, dY, NULL), NN_OK);
    memcpy(once, g, n * sizeof *g);
    cr_assert_eq(nn_net_backward(net, dY, NULL), NN_OK);
    for (size_t k = 0; k < n; k++)
        cr_assert(g[k] == 2 * once[k], "gradient %zu: %g, not twice %g", k,
                  (double)g[k], (double)once[k]);
    nn_net_zero_grad(net);
    for (size_t k = 0; k < n; k++)
        cr_assert(g[k] == 0);
    nn_net_free(net);
}
/* <<test that a network inside a network is the same network>> */
static nn_net *three_dense(int nested)
{
    nn_net *net, *inner;
    nn_layer *l;
    cr_assert_eq(nn_net_create(&net, 3), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, 3, 5, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    nn_net *mid = net;
    if (nested) {
        cr_assert_eq(nn_net_create(&inner, 5), NN_OK);
        mid = inner;
    }
    cr_assert_eq(nn_layer_dense(&l, 5, 4, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(mid, l), NN_OK);
    cr_assert_eq(nn_layer_act(&l, 4, nn_act_default(NN_ACT_TANH)), NN_OK);
    cr_assert_eq(nn_net_add(mid, l), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, 4, 2, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(mid, l), NN_OK);
    if (nested) {
        cr_assert_eq(nn_layer_net(&l, inner), NN_OK);
        cr_assert_eq(nn_net_add(net, l), NN_OK);
    }
    cr_assert_eq(nn_net_build(net, 4), NN_OK);
    return net;
}
/* <<test that a network inside a network is the same network>> */
Test(network, a_network_inside_a_network_is_the_same_network)
{
    nn_net *net[2] = { three_dense(0), three_dense(1) };
    nn_real X[12], dY[8], dX[2][12];
    const nn_real *Y[2];
    nn_rng r;
    nn_rng_seed(&r, 6, 6);
    fill(&r, 12, X, 1), fill(&r, 8, dY, 1);
    for (int k = 0; k < 2; k++) {
        nn_rng_seed(&r, 7, 7);
        nn_net_init_params(net[k], &r);
        nn_net_zero_grad(net[k]);
        cr_assert_eq(nn_net_forward(net[k], 4, X, 1, NULL, &Y[k]), NN_OK);
        cr_assert_eq(nn_net_backward(net[k], dY, dX[k]), NN_OK);
    }
    size_t n0, n1;
    cr_assert_eq(nn_net_n_layers(net[1]), 2);
    cr_assert(memcmp(Y[0], Y[1], 8 * sizeof *Y[0]) == 0, "outputs");
    cr_assert(memcmp(dX[0], dX[1], sizeof dX[0]) == 0, "input gradients");
    nn_real *g0 = nn_net_grads(net[0], &n0), *g1 = nn_net_grads(net[1], &n1);
    cr_assert(n0 == n1 && memcmp(g0, g1, n0 * sizeof *g0) == 0, "gradients");
    nn_net_free(net[0]), nn_net_free(net[1]);
}
/* <<a residual block built by hand from a network inside a network>> */
typedef struct res_layer {
    nn_layer base;
    nn_layer *body;             /* F: a wrapped network */
} res_layer;

static nn_status res_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                             const nn_ctx *c)
{
    nn_layer *F = ((res_layer *)l)->body;
    nn_status s = F->ops->forward(F, B, x, y, c);               /* y = F(x) */
    for (size_t k = 0; s == NN_OK && k < B * l->n_in; k++)
        y[k] += x[k];                                           /* y += x */
    return s;
}

static void res_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                         const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    nn_layer *F = ((res_layer *)l)->body;
    F->ops->backward(F, B, x, y, dy, dx, c);    /* dx = F'^T dy; F ignores y */
    for (size_t k = 0; dx && k < B * l->n_in; k++)
        dx[k] += dy[k];                         /* the identity's share */
}
/* <<a residual block built by hand from a network inside a network>> */
static void res_bind(nn_layer *l)
{
    nn_layer_bind(((res_layer *)l)->body, l->max_batch, l->params, l->grads,
                  l->state, l->cache);
}

static void res_init(nn_layer *l, nn_rng *rng)
{
    nn_layer_init(((res_layer *)l)->body, rng);
}

static void res_destroy(nn_layer *l)
{
    nn_layer_free(((res_layer *)l)->body);
}

static const nn_layer_ops res_ops = {
    .kind = "residual", .forward = res_forward, .backward = res_backward,
    .init = res_init, .bind = res_bind, .destroy = res_destroy,
};
/* <<a residual block built by hand from a network inside a network>> */
static nn_layer *res_layer_new(size_t n)
{
    nn_net *F;
    nn_layer *l;
    cr_assert_eq(nn_net_create(&F, n), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, n, n, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(F, l), NN_OK);
    cr_assert_eq(nn_layer_act(&l, n, nn_act_default(NN_ACT_TANH)), NN_OK);
    cr_assert_eq(nn_net_add(F, l), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, n, n, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(F, l), NN_OK);
    res_layer *r = calloc(1, sizeof *r);
    cr_assert_not_null(r);
    cr_assert_eq(nn_layer_net(&r->body, F), NN_OK);
    r->base = *r->body;                 /* the sizes and pointers of F ... */
    r->base.ops = &res_ops;             /* ... with the block's operations */
    return &r->base;
}
/* <<test the gradients of a residual block by finite differences>> */
Test(gradcheck, residual_block_from_a_network_inside_a_network)
{
    enum { B = 3 };
    nn_net *net;
    nn_layer *l;
    nn_rng r;
    nn_rng_seed(&r, 8, 8);
    cr_assert_eq(nn_net_create(&net, 3), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, 3, 4, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    cr_assert_eq(nn_net_add(net, res_layer_new(4)), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, 4, 2, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    cr_assert_eq(nn_net_build(net, B), NN_OK);
    nn_net_init_params(net, &r);
    /* <<check the residual network's gradients>> */
    size_t np;
    nn_real *p = nn_net_params(net, &np), X[B * 3], T[B * 2];
    fill(&r, np, p, 0.5), fill(&r, B * 3, X, 1), fill(&r, B * 2, T, 1);
    double h, floor, tol;
    nn_gradcheck_defaults(&h, &floor, &tol);
    h = sizeof(nn_real) == sizeof(float) ? 4e-3 : h;     /* near eps^(1/3) */
    nn_loss L = nn_loss_default(NN_LOSS_MSE);
    nn_gradcheck_result rp, rx;
    cr_assert_eq(nn_net_gradcheck(net, &L, B, X, T, NULL, NULL, h, floor, &rp, &rx),
                 NN_OK);
    fprintf(stderr, "gradcheck residual: params %.3g (%zu), inputs %.3g (%zu)\n",
            rp.max_err, rp.n_checked, rx.max_err, rx.n_checked);
    cr_assert_eq(rp.n_checked, np);
    cr_assert_eq(rp.n_checked, 3 * 4 + 4 + 2 * (4 * 4 + 4) + 4 * 2 + 2);
    cr_assert_lt(rp.max_err, tol, "parameter %zu", rp.worst);
    cr_assert_lt(rx.max_err, tol, "input %zu", rx.worst);
    nn_net_free(net);
}
/* <<test that a network learns XOR>> */
Test(network, learns_xor_with_gradient_descent)
{
    const nn_real X[8] = { 0, 0, 0, 1, 1, 0, 1, 1 }, T[4] = { 0, 1, 1, 0 };
    const size_t sizes[] = { 2, 4, 1 };
    nn_rng r;
    nn_rng_seed(&r, 2, 2);
    nn_net *net;
    cr_assert_eq(nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_TANH), 4, &r), NN_OK);
    nn_loss L = nn_loss_default(NN_LOSS_MSE);
    size_t n;
    nn_real *p = nn_net_params(net, &n), *g = nn_net_grads(net, &n);
    const nn_real *Y;
    double loss = 1;
    for (int e = 0; e < 2000; e++) {
        nn_net_zero_grad(net);
        cr_assert_eq(nn_net_forward(net, 4, X, 1, NULL, &Y), NN_OK);
        cr_assert_eq(nn_net_loss_backward(net, &L, T, NULL, &loss), NN_OK);
        nn_gd_step(n, p, g, 0.1);
    }
    cr_assert_eq(nn_net_forward(net, 4, X, 0, NULL, &Y), NN_OK);
    for (int k = 0; k < 4; k++)
        cr_assert_eq(Y[k] > 0.5, T[k] > 0.5, "point %d: output %g", k, Y[k]);
    cr_assert_lt(loss, 0.01);
    nn_net_free(net);
}

/* Tangled from book/a1-250-batchnorm.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "nn-layer.h"
#include "golden.h"
#include "train-options.h"

/* <<batch-norm tests: random numbers and small networks>> */
static void bt_fill(nn_rng *r, size_t n, nn_real *v, double scale)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (nn_real)(scale * nn_rng_normal(r));
}

static nn_net *bt_net(nn_norm norm, nn_act act, size_t max_batch, uint64_t seed)
{
    const size_t sizes[] = { 4, 5, 3 };
    nn_rng r;
    nn_rng_seed(&r, seed, 1);
    nn_net *net;
    cr_assert_eq(nn_net_mlp_norm(&net, 3, sizes, &norm, act, NN_INIT_XAVIER_NORMAL,
                                 0, max_batch, &r), NN_OK);
    size_t n;
    nn_real *p = nn_net_params(net, &n);
    bt_fill(&r, n, p, 0.7);
    return net;
}
/* <<batch-norm tests: the golden vectors>> */
static void bt_load(nn_real *dst, const golden_case *c, const char *name, size_t n)
{
    const golden_tensor *t = golden_tensor_get(c, name);
    cr_assert(t && t->rows * t->cols == n, "case %s: tensor %s", c->name, name);
    for (size_t i = 0; i < n; i++)
        dst[i] = (nn_real)t->data[i];
}
/* <<batch-norm tests: the golden vectors>> */
static double bt_rounding(const golden_case *c, const nn_real *X, size_t n,
                          const nn_real *gamma, int train)
{
    const golden_tensor *bv = golden_tensor_get(c, train ? "batch_var" : "running_var");
    double xmax = 0, gain = 0, eps = golden_param_num(c, "eps", 0);
    cr_assert_not_null(bv, "case %s: no variance", c->name);
    for (size_t i = 0; i < n; i++)
        xmax = fmax(xmax, fabs(X[i]));
    for (size_t j = 0; j < bv->cols; j++)
        gain = fmax(gain, fabs(gamma[j]) / sqrt(bv->data[j] + eps));
    return 4 * (sizeof(nn_real) == 8 ? 0x1p-52 : 0x1p-23) * xmax * gain;
}

static void bt_expect_conditioned(const golden_case *c, const char *name,
                                  const nn_real *got, double rounding)
{
    const golden_tensor *t = golden_tensor_get(c, name);
    double rtol, atol;
    char msg[512];
    cr_assert_not_null(t, "case %s: no %s", c->name, name);
    golden_tolerance(&rtol, &atol);
    cr_assert_eq(golden_compare(t, got, rtol, atol + rounding, msg, sizeof msg), 0,
                 "case %s: %s", c->name, msg);
}
/* <<batch-norm tests: the golden vectors>> */
static int bt_golden_case(const golden_case *c, int train)
{
    const golden_tensor *x = golden_tensor_get(c, "x");
    cr_assert_not_null(x, "case %s: no x", c->name);
    size_t B = x->rows, C = x->cols;
    nn_layer *l;
    cr_assert_eq(nn_layer_batchnorm(&l, C, golden_param_num(c, "eps", -1),
                                    train ? golden_param_num(c, "momentum", -1) : 0.1),
                 NN_OK, "case %s", c->name);
    nn_real *m = calloc(8 * C + 4 * B * C + C * (B + 1), sizeof *m);
    nn_real *p = m, *g = p + 2 * C, *st = g + 2 * C, *X = st + 2 * C;
    nn_real *Y = X + B * C, *dY = Y + B * C, *dX = dY + B * C, *cache = dX + B * C;
    nn_layer_bind(l, B, p, g, st, cache);
    /* <<load a golden batch-norm case and run it>> */
    bt_load(p, c, "gamma", C), bt_load(p + C, c, "beta", C), bt_load(X, c, "x", B * C);
    bt_load(st, c, train ? "running_mean_before" : "running_mean", C);
    bt_load(st + C, c, train ? "running_var_before" : "running_var", C);
    bt_load(dY, c, "dy", B * C);
    double rounding = bt_rounding(c, X, B * C, p, train);
    if (sizeof(nn_real) == 4 && rounding > 1e-4) {
        fprintf(stderr, "golden batchnorm.txt: case %s skipped in single precision "
                "(ill-conditioned)\n", c->name);
        nn_layer_free(l), free(m);
        return 0;
    }
    nn_real before[2 * 64];
    cr_assert_leq(C, 64);
    memcpy(before, st, 2 * C * sizeof *st);
    nn_ctx ctx = { train, NULL };
    cr_assert_eq(l->ops->forward(l, B, X, Y, &ctx), NN_OK, "case %s", c->name);
    l->ops->backward(l, B, X, Y, dY, dX, &ctx);
    bt_expect_conditioned(c, "y", Y, rounding);
    bt_expect_conditioned(c, "dx", dX, rounding);
    GOLDEN_EXPECT(c, "dgamma", g);
    GOLDEN_EXPECT(c, "dbeta", g + C);
    if (train) {
        GOLDEN_EXPECT(c, "running_mean_after", st);
        GOLDEN_EXPECT(c, "running_var_after", st + C);
    } else {
        cr_assert_eq(memcmp(before, st, 2 * C * sizeof *st), 0, "case %s: state moved",
                     c->name);
    }
    nn_layer_free(l);
    free(m);
    return 1;
}
/* <<batch-norm tests: the golden vectors>> */
Test(batchnorm, matches_pytorch_golden_vectors)
{
    golden_file g;
    char err[512];
    cr_assert_eq(golden_load("batchnorm.txt", &g, err, sizeof err), 0, "%s", err);
    size_t compared = 0;
    for (size_t k = 0; k < g.n_cases; k++) {
        const golden_case *c = &g.cases[k];
        int train = strcmp(c->op, "batchnorm_train") == 0;
        cr_assert(train || strcmp(c->op, "batchnorm_eval") == 0,
                  "case %s: unknown op %s", c->name, c->op);
        compared += bt_golden_case(c, train);
    }
    golden_report(&g, compared);
    cr_assert_gt(compared, 0, "no case compared");
    golden_free(&g);
}
/* <<batch-norm tests: gradients by finite differences>> */
static void bt_gradcheck(nn_norm norm, nn_act_kind act)
{
    enum { B = 6 };
    nn_net *net = bt_net(norm, nn_act_default(act), B, 11 + (uint64_t)act);
    nn_rng r;
    nn_rng_seed(&r, 12, 0);
    nn_real X[B * 4];
    int labels[B] = { 0, 2, 1, 1, 0, 2 };
    bt_fill(&r, B * 4, X, 1);
    double h, floor, tol;
    nn_gradcheck_defaults(&h, &floor, &tol);
    floor = fmax(floor, 1e-4);          /* the biases before it: zero, and noise */
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    nn_gradcheck_result rp, rx;
    cr_assert_eq(nn_net_gradcheck(net, &L, B, X, NULL, labels, NULL, h, floor, &rp,
                                  &rx), NN_OK);
    fprintf(stderr, "gradcheck %s/%s: params %.3g, inputs %.3g\n",
            norm == NN_NORM_BATCH ? "batchnorm" : "layernorm", nn_act_name(act),
            rp.max_err, rx.max_err);
    cr_assert_lt(rp.max_err, tol, "parameter %zu: analytic %g, numeric %g", rp.worst,
                 rp.analytic, rp.numeric);
    cr_assert_lt(rx.max_err, tol, "input %zu: analytic %g, numeric %g", rx.worst,
                 rx.analytic, rx.numeric);
    nn_net_free(net);
}
/* <<batch-norm tests: gradients by finite differences>> */
Test(batchnorm, gradients_in_training_mode)
{
    bt_gradcheck(NN_NORM_BATCH, NN_ACT_TANH);
    bt_gradcheck(NN_NORM_BATCH, NN_ACT_SIGMOID);
}

Test(layernorm, gradients)
{
    bt_gradcheck(NN_NORM_LAYER, NN_ACT_TANH);
    bt_gradcheck(NN_NORM_LAYER, NN_ACT_SIGMOID);
}
/* <<batch-norm tests: what the derivation predicts>> */
Test(batchnorm, input_gradient_is_orthogonal_to_ones_and_xhat)
{
    enum { B = 7, C = 5 };
    nn_net *net = bt_net(NN_NORM_BATCH, nn_act_default(NN_ACT_TANH), B, 3);
    nn_rng r;
    nn_rng_seed(&r, 4, 0);
    nn_real X[B * 4], dY[B * 3];
    bt_fill(&r, B * 4, X, 2), bt_fill(&r, B * 3, dY, 1);
    cr_assert_eq(nn_net_forward(net, B, X, 1, NULL, NULL), NN_OK);
    nn_net_zero_grad(net);
    cr_assert_eq(nn_net_backward(net, dY, NULL), NN_OK);
    nn_layer *dense = nn_net_layer(net, 0), *bn = nn_net_layer(net, 1);
    /* <<check the batch-norm layer's output and gradients column by column>> */
    const nn_real *y = nn_net_activation(net, 2), *xh = bn->cache + C;
    nn_real dyb[B * C], dxb[B * C];
    bt_fill(&r, B * C, dyb, 1);
    nn_ctx ctx = { 1, NULL };
    bn->ops->backward(bn, B, nn_net_activation(net, 1), y, dyb, dxb, &ctx);
    double tol = sizeof(nn_real) == 8 ? 1e-10 : 1e-4;
    for (size_t j = 0; j < C; j++) {
        double mean = 0, sq = 0, sum = 0, dot = 0, db = dense->grads[4 * C + j];
        for (size_t i = 0; i < B; i++)
            mean += y[i * C + j] / (double)B, sum += dxb[i * C + j],
            dot += dxb[i * C + j] * xh[i * C + j];
        for (size_t i = 0; i < B; i++)
            sq += (y[i * C + j] - mean) * (y[i * C + j] - mean) / B;
        cr_assert_lt(fabs(mean - bn->params[C + j]), tol, "mean of column %zu", j);
        cr_assert_lt(fabs(sqrt(sq) - fabs(bn->params[j])), 1e-3, "spread of %zu", j);
        cr_assert_lt(fabs(db), tol, "the bias before the layer gets %g", db);
        cr_assert_lt(fabs(sum), tol, "column %zu sums to %g", j, sum);
        cr_assert_lt(fabs(dot), 1e-3 * fabs(bn->grads[j]) + tol, "column %zu: %g", j, dot);
    }
    nn_net_free(net);
}
/* <<batch-norm tests: evaluation mode and batches of one>> */
static void bt_train_steps(nn_net *net, size_t B, const nn_real *X, int steps)
{
    int labels[16];
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    size_t n;
    nn_real *p = nn_net_params(net, &n), *g = nn_net_grads(net, &n);
    for (size_t i = 0; i < B; i++)
        labels[i] = (int)(i % 3);
    for (int s = 0; s < steps; s++) {
        nn_net_zero_grad(net);
        cr_assert_eq(nn_net_forward(net, B, X, 1, NULL, NULL), NN_OK);
        cr_assert_eq(nn_net_loss_backward(net, &L, NULL, labels, NULL), NN_OK);
        nn_gd_step(n, p, g, 0.1f);
    }
}
/* <<batch-norm tests: evaluation mode and batches of one>> */
Test(batchnorm, evaluation_uses_the_running_statistics_and_is_deterministic)
{
    enum { B = 8 };
    nn_net *net = bt_net(NN_NORM_BATCH, nn_act_default(NN_ACT_RELU), B, 5);
    nn_rng r;
    nn_rng_seed(&r, 6, 0);
    nn_real X[B * 4], Y1[B * 3], state[10];
    bt_fill(&r, B * 4, X, 1);
    bt_train_steps(net, B, X, 5);
    size_t ns;
    nn_real *st = nn_net_state(net, &ns);
    cr_assert_eq(ns, 10);
    cr_assert(st[0] != 0 && st[5] != 1, "the running statistics did not move");
    memcpy(state, st, sizeof state);
    /* <<evaluate the batch, then each example alone>> */
    const nn_real *Y;
    cr_assert_eq(nn_net_forward(net, B, X, 0, NULL, &Y), NN_OK);
    memcpy(Y1, Y, sizeof Y1);
    cr_assert_eq(memcmp(state, st, sizeof state), 0, "evaluation moved the state");
    cr_assert_eq(nn_net_forward(net, B, X, 0, NULL, &Y), NN_OK);
    cr_assert_eq(memcmp(Y1, Y, sizeof Y1), 0, "two evaluations differ");
    for (size_t i = 0; i < B; i++) {
        cr_assert_eq(nn_net_forward(net, 1, X + 4 * i, 0, NULL, &Y), NN_OK);
        for (size_t k = 0; k < 3; k++)
            cr_assert_float_eq(Y[k], Y1[3 * i + k], 1e-5, "example %zu alone", i);
    }
    cr_assert_eq(nn_net_forward(net, 1, X, 1, NULL, NULL), NN_EINVAL, "batch of 1");
    nn_net_free(net);
}
/* <<batch-norm tests: the model file>> */
Test(batchnorm, save_and_load_predict_identically)
{
    for (nn_norm norm = NN_NORM_BATCH; norm <= NN_NORM_LAYER; norm++) {
        enum { B = 8 };
        nn_net *a = bt_net(norm, nn_act_default(NN_ACT_TANH), B, 7), *b;
        nn_rng r;
        nn_rng_seed(&r, 8, 0);
        nn_real X[B * 4], Ya[B * 3];
        bt_fill(&r, B * 4, X, 1);
        bt_train_steps(a, B, X, 3);
        /* <<save the network, load it, and compare the predictions>> */
        char dir[] = "/tmp/nn-bn-XXXXXX", path[64];
        cr_assert_not_null(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/m.nnm", dir);
        nn_error e;
        cr_assert_eq(nn_model_save(a, path, &e), NN_OK, "%s", e.msg);
        cr_assert_eq(nn_model_load(&b, path, B, &e), NN_OK, "%s", e.msg);
        const nn_real *Y;
        cr_assert_eq(nn_net_forward(a, B, X, 0, NULL, &Y), NN_OK);
        memcpy(Ya, Y, sizeof Ya);
        cr_assert_eq(nn_net_forward(b, B, X, 0, NULL, &Y), NN_OK);
        cr_assert_eq(memcmp(Ya, Y, sizeof Ya), 0, "the loaded network predicts otherwise");
        cr_assert_eq(nn_net_layer(b, 1)->ops, nn_net_layer(a, 1)->ops);
        unlink(path), rmdir(dir);
        nn_net_free(a), nn_net_free(b);
    }
}
/* <<batch-norm tests: one thread or two>> */
static void bt_train_threads(int threads, nn_real *out, size_t n_out)
{
    nn_dataset d;
    nn_rng r;
    nn_rng_seed(&r, 9, 0);
    cr_assert_eq(nn_dataset_alloc(&d, 300, 1, 64, 4), NN_OK);
    bt_fill(&r, 300 * 64, d.x, 1);
    for (size_t i = 0; i < 300; i++)
        d.labels[i] = (int)(i % 4), d.x[i * 64 + (i % 4)] += 2;
    /* <<train a batch-normalized network on threads threads>> */
    #ifdef _OPENMP
    int before = omp_get_max_threads();
    omp_set_num_threads(threads);
    #endif
    const size_t sizes[] = { 64, 200, 200, 4 };
    const nn_norm norms[] = { NN_NORM_BATCH, NN_NORM_BATCH };
    nn_net *net;
    nn_optim *opt;
    nn_optim_config oc = nn_optim_suggested(NN_OPTIM_SGD);
    size_t np, ns;
    cr_assert_eq(nn_net_mlp_norm(&net, 4, sizes, norms, nn_act_default(NN_ACT_RELU),
                                 NN_INIT_HE_NORMAL, 0, 200, &r), NN_OK);
    nn_net_params(net, &np), nn_net_state(net, &ns);
    cr_assert_eq(np + ns, n_out);
    cr_assert_eq(nn_optim_create(&opt, &oc, np), NN_OK);
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 2, cfg.batch = 200;
    nn_error err = { NN_OK, "" };
    cr_assert_eq(nn_train(net, opt, &cfg, &d, NULL, &r, &err), NN_OK, "%s", err.msg);
    memcpy(out, nn_net_params(net, &np), np * sizeof *out);
    memcpy(out + np, nn_net_state(net, &ns), ns * sizeof *out);
    #ifdef _OPENMP
    omp_set_num_threads(before);
    #endif
    nn_optim_free(opt), nn_net_free(net);
    nn_dataset_free(&d);
}
/* <<batch-norm tests: one thread or two>> */
Test(batchnorm, same_parameters_on_one_and_two_threads)
{
    size_t n = 64 * 200 + 200 + 400 + 200 * 200 + 200 + 400 + 200 * 4 + 4 + 800;
    nn_real *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    cr_assert(a && b);
    bt_train_threads(1, a, n);
    bt_train_threads(2, b, n);
    cr_assert(memcmp(a, b, n * sizeof *a) == 0, "one thread and two differ");
    free(a), free(b);
}
/* <<batch-norm tests: without normalization, the dropout MLP>> */
Test(batchnorm, without_normalization_builds_the_dropout_mlp)
{
    const size_t sizes[] = { 6, 7, 5, 3 };
    nn_act relu = nn_act_default(NN_ACT_RELU);
    nn_net *net[2];
    const nn_real *y[2];
    nn_real x[4 * 6];
    nn_rng r;
    nn_rng_seed(&r, 12, 0);
    bt_fill(&r, 4 * 6, x, 1);
    for (int k = 0; k < 2; k++) {
        nn_rng init, masks;
        nn_rng_seed(&init, 12, 1), nn_rng_seed(&masks, 12, 2);
        nn_status s = k == 0 ? nn_net_mlp_dropout(&net[k], 4, sizes, relu,
                                                  NN_INIT_HE_NORMAL, 0.25, 4, &init)
                             : nn_net_mlp_norm(&net[k], 4, sizes, NULL, relu,
                                               NN_INIT_HE_NORMAL, 0.25, 4, &init);
        cr_assert_eq(s, NN_OK);
        cr_assert_eq(nn_net_forward(net[k], 4, x, 1, &masks, &y[k]), NN_OK);
    }
    /* <<the two networks have the same layers, parameters and outputs>> */
    size_t n = nn_net_n_layers(net[0]), np[2];
    cr_assert_eq(nn_net_n_layers(net[1]), n);
    for (size_t i = 0; i < n; i++) {
        nn_layer *a = nn_net_layer(net[0], i), *b = nn_net_layer(net[1], i);
        cr_assert_str_eq(nn_layer_kind_name(a), nn_layer_kind_name(b), "layer %zu", i);
        cr_assert_eq(nn_layer_dropout_p(a), nn_layer_dropout_p(b), "layer %zu", i);
    }
    const nn_real *p0 = nn_net_params(net[0], &np[0]), *p1 = nn_net_params(net[1], &np[1]);
    cr_assert_eq(np[0], np[1]);
    cr_assert(memcmp(p0, p1, np[0] * sizeof *p0) == 0, "the initial parameters differ");
    cr_assert(memcmp(y[0], y[1], 4 * 3 * sizeof *y[0]) == 0, "the outputs differ");
    nn_net_free(net[0]), nn_net_free(net[1]);
}
/* <<batch-norm tests: the trainer's --arch>> */
Test(batchnorm, trainer_arch_builds_the_network_it_describes)
{
    char *argv[] = { "nn-train", "--arch", "6-5bn-4ln-3", "--batch", "4", NULL };
    train_options o;
    char msg[256];
    size_t sizes[TRAIN_MAX_WIDTHS + 2];
    cr_assert_eq(train_parse(5, argv, &o, msg, sizeof msg), TRAIN_GO, "%s", msg);
    cr_assert_eq(train_sizes(&o, 6, 3, sizes), 4);
    cr_assert(sizes[1] == 5 && sizes[2] == 4 && sizes[3] == 3);
    cr_assert(o.norm[1] == NN_NORM_BATCH && o.norm[2] == NN_NORM_LAYER);
    cr_assert_eq(train_check_data(&o, 6, 3, 100, msg, sizeof msg), TRAIN_GO, "%s", msg);
    cr_assert_eq(train_check_data(&o, 7, 3, 100, msg, sizeof msg), TRAIN_USAGE);
    cr_assert(strstr(msg, "--arch: the first width"), "%s", msg);
    o.validation = 3, o.validation_given = 1;       /* 97 = 24 x 4 + 1 */
    cr_assert_eq(train_check_data(&o, 6, 3, 100, msg, sizeof msg), TRAIN_USAGE);
    cr_assert(strstr(msg, "a single image"), "%s", msg);
    /* <<build the network of an --arch and look at its layers>> */
    nn_net *net;
    cr_assert_eq(nn_net_mlp_norm(&net, 4, sizes, o.norm + 1, o.act, NN_INIT_HE_NORMAL, 0,
                                 8, NULL), NN_OK);
    const char *kinds[] = { "dense", "batchnorm", "activation", "dense", "layernorm",
                            "activation", "dense" };
    cr_assert_eq(nn_net_n_layers(net), 7);
    for (size_t i = 0; i < 7; i++)
        cr_assert_str_eq(nn_layer_kind_name(nn_net_layer(net, i)), kinds[i]);
    nn_net_free(net);
}

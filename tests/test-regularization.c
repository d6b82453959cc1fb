/* Tangled from book/a1-240-regularization.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "nn-layer.h"
#include "golden.h"
#include <unistd.h>
#include <omp.h>

/* <<test dropout against the golden vectors>> */
Test(regularization, dropout_matches_pytorch_golden_vectors)
{
    golden_file g;
    char err[512];
    cr_assert_eq(golden_load("dropout.txt", &g, err, sizeof err), 0, "%s", err);
    for (size_t k = 0; k < g.n_cases; k++) {
        const golden_case *c = &g.cases[k];
        cr_assert_str_eq(c->op, "dropout", "case %s: unknown op", c->name);
        double p = golden_param_num(c, "p", NAN);
        const golden_tensor *x = golden_tensor_get(c, "x"), *mask
            = golden_tensor_get(c, "mask"), *dy = golden_tensor_get(c, "dy");
        cr_assert(x && mask && dy && p >= 0 && p < 1, "case %s is incomplete", c->name);
        size_t n = x->rows * x->cols;
        nn_real *m = malloc(3 * n * sizeof *m), *y = m + n, *dx = m + 2 * n;
        nn_real xs[n], dys[n];
        for (size_t i = 0; i < n; i++)
            m[i] = (nn_real)(mask->data[i] / (1 - p)), xs[i] = (nn_real)x->data[i],
            dys[i] = (nn_real)dy->data[i];
        nn_dropout_apply(n, xs, m, y);
        nn_dropout_apply(n, dys, m, dx);
        GOLDEN_EXPECT(c, "y", y);
        GOLDEN_EXPECT(c, "dx", dx);
        free(m);
    }
    golden_report(&g, g.n_cases);
    golden_free(&g);
}
/* <<test that dropout refuses what cannot work>> */
Test(regularization, dropout_refuses_bad_probabilities_and_no_generator)
{
    nn_layer *l;
    cr_assert_eq(nn_layer_dropout(&l, 4, 1.0), NN_EINVAL);
    cr_assert_null(l);
    cr_assert_eq(nn_layer_dropout(&l, 4, -0.1), NN_EINVAL);
    cr_assert_eq(nn_layer_dropout(&l, 4, NAN), NN_EINVAL);
    cr_assert_eq(nn_layer_dropout(&l, 0, 0.5), NN_EINVAL);
    nn_net *net;
    cr_assert_eq(nn_net_create(&net, 4), NN_OK);
    cr_assert_eq(nn_layer_dropout(&l, 4, 0.5), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    cr_assert_eq(nn_net_build(net, 2), NN_OK);
    cr_assert_eq(nn_layer_dropout_p(nn_net_layer(net, 0)), 0.5);
    nn_real X[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    const nn_real *Y;
    cr_assert_eq(nn_net_forward(net, 2, X, 1, NULL, &Y), NN_EINVAL);
    nn_net_free(net);
}
/* <<test that dropout is the identity in evaluation>> */
Test(regularization, dropout_is_the_identity_in_evaluation)
{
    nn_layer *l;
    cr_assert_eq(nn_layer_dropout(&l, 5, 0.5), NN_OK);
    nn_real cache[5 * 3], x[15], y[15], dy[15], dx[15];
    nn_layer_bind(l, 3, NULL, NULL, NULL, cache);
    for (int i = 0; i < 15; i++)
        x[i] = (nn_real)(i - 7.5), dy[i] = (nn_real)(0.1 * i);
    nn_rng r, before;
    nn_rng_seed(&r, 1, 2);
    before = r;
    nn_ctx eval = { 0, &r };
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(l->ops->forward(l, 3, x, y, &eval), NN_OK);
        cr_assert_eq(memcmp(x, y, sizeof x), 0, "not the identity");
        l->ops->backward(l, 3, x, y, dy, dx, &eval);
        cr_assert_eq(memcmp(dy, dx, sizeof dy), 0, "the gradient changed");
    }
    cr_assert(r.state == before.state && r.inc == before.inc, "it drew");
    nn_layer_free(l);
}
/* <<test that inverted dropout keeps the mean>> */
Test(regularization, inverted_dropout_keeps_the_mean)
{
    enum { N = 100000 };
    const double p = 0.3;
    static nn_real x[N], y[N], m[N];
    nn_rng r;
    nn_rng_seed(&r, 20261206, 1);
    for (int i = 0; i < N; i++)
        x[i] = 1;
    nn_dropout_mask(N, p, &r, m);
    nn_dropout_apply(N, x, m, y);
    double sum = 0, zeros = 0;
    for (int i = 0; i < N; i++)
        sum += y[i], zeros += y[i] == 0;
    double sd_mean = sqrt(p / ((1 - p) * N)), sd_zeros = sqrt(p * (1 - p) / N);
    cr_assert_lt(fabs(sum / N - 1), 6 * sd_mean, "mean %g", sum / N);
    cr_assert_lt(fabs(zeros / N - p), 6 * sd_zeros, "zeros %g", zeros / N);
}
/* <<test that a mask does not depend on the threads>> */
Test(regularization, a_mask_does_not_depend_on_the_threads)
{
    enum { N = 40001 };
    static nn_real want[N], got[N];
    const size_t len[] = { 7, 37, N };
    const double prob[] = { 0.25, 0.3, 0.5, 0.9 };
    for (int q = 0; q < 4; q++)
        for (int k = 0; k < 3; k++) {
            size_t n = len[k];
            double p = prob[q];
            nn_rng ref, r;
            nn_rng_seed(&ref, 5, 6);
            for (size_t i = 0; i < n; i++)
                want[i] = nn_rng_uniform(&ref) < p ? 0 : (nn_real)(1 / (1 - p));
            for (int threads = 1; threads <= 2; threads++) {
                omp_set_num_threads(threads);
                nn_rng_seed(&r, 5, 6);
                nn_dropout_mask(n, p, &r, got);
                cr_assert(memcmp(want, got, n * sizeof *got) == 0,
                          "p %g, %zu numbers, %d threads", p, n, threads);
                cr_assert_eq(r.state, ref.state, "the generator, %d threads", threads);
            }
        }
}
/* <<test dropout's gradient with a fixed mask>> */
Test(regularization, dropout_gradient_matches_finite_differences)
{
    const size_t sizes[] = { 5, 7, 6, 3 };
    nn_rng r;
    nn_rng_seed(&r, 11, 3);
    nn_net *net;
    cr_assert_eq(nn_net_mlp_dropout(&net, 4, sizes, nn_act_default(NN_ACT_TANH),
                                    NN_INIT_XAVIER_UNIFORM, 0.4, 4, &r), NN_OK);
    cr_assert_eq(nn_net_n_layers(net), 7);
    nn_real X[4 * 5];
    int labels[4] = { 0, 2, 1, 2 };
    for (int i = 0; i < 20; i++)
        X[i] = (nn_real)nn_rng_normal(&r);
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    double h, floor, tol;
    nn_gradcheck_defaults(&h, &floor, &tol);
    nn_gradcheck_result pr, ir;
    cr_assert_eq(nn_net_gradcheck(net, &L, 4, X, NULL, labels, &r, h, floor, &pr, &ir),
                 NN_OK);
    cr_assert_lt(pr.max_err, tol, "parameter %zu: %g", pr.worst, pr.max_err);
    cr_assert_lt(ir.max_err, tol, "input %zu: %g", ir.worst, ir.max_err);
    nn_net_free(net);
}
/* <<test that a network with dropout survives a model file>> */
Test(regularization, a_network_with_dropout_survives_a_model_file)
{
    char dir[32] = "/tmp/nn-dropout-XXXXXX", path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/d.nnm", dir);
    const size_t sizes[] = { 5, 8, 3 };
    nn_rng r;
    nn_rng_seed(&r, 5, 5);
    nn_net *a, *b, *c;
    nn_act relu = nn_act_default(NN_ACT_RELU);
    cr_assert_eq(nn_net_mlp_dropout(&a, 3, sizes, relu, NN_INIT_HE_NORMAL, 0.25, 8,
                                    &r), NN_OK);
    cr_assert_eq(nn_net_mlp_dropout(&c, 3, sizes, relu, NN_INIT_HE_NORMAL, 0.5, 8,
                                    NULL), NN_OK);
    nn_error e;
    cr_assert_eq(nn_model_save(a, path, &e), NN_OK, "%s", e.msg);
    cr_assert_eq(nn_model_load(&b, path, 8, &e), NN_OK, "%s", e.msg);
    cr_assert_eq(nn_layer_dropout_p(nn_net_layer(b, 2)), 0.25);
    nn_real X[8 * 5];
    const nn_real *Ya, *Yb;
    for (int i = 0; i < 40; i++)
        X[i] = (nn_real)(0.3 * i - 6);
    cr_assert_eq(nn_net_forward(a, 8, X, 0, NULL, &Ya), NN_OK);
    cr_assert_eq(nn_net_forward(b, 8, X, 0, NULL, &Yb), NN_OK);
    cr_assert_eq(memcmp(Ya, Yb, 8 * 3 * sizeof *Ya), 0, "predictions differ");
    cr_assert_eq(nn_model_load_into(c, path, &e), NN_EINVAL);
    cr_assert(strstr(e.msg, "dropout"), "%s", e.msg);
    nn_net_free(a), nn_net_free(b), nn_net_free(c);
    remove(path), rmdir(dir);
}
/* <<test the gradients of the penalties>> */
typedef struct pen_ctx { size_t n; const nn_real *w; const unsigned char *mask;
                         double l1, l2; } pen_ctx;

static double pen_value(void *ctx)
{
    const pen_ctx *c = ctx;
    return nn_penalty(c->n, c->w, NULL, c->mask, c->l1, c->l2);
}

Test(regularization, penalty_gradients_match_finite_differences)
{
    enum { N = 40 };
    const double settings[3][2] = { { 0.3, 0 }, { 0, 0.7 }, { 0.2, 0.5 } };
    nn_real w[N], g[N];
    unsigned char mask[N];
    nn_rng r;
    nn_rng_seed(&r, 3, 9);
    for (int i = 0; i < N; i++) {
        double u = nn_rng_normal(&r);
        w[i] = (nn_real)(u + (u < 0 ? -0.2 : 0.2));
        mask[i] = i % 5 != 4;                   /* every fifth is a "bias" */
    }
    /* <<check each setting of the penalties>> */
    double h, floor, tol;
    nn_gradcheck_defaults(&h, &floor, &tol);
    for (int k = 0; k < 3; k++) {
        pen_ctx c = { N, w, mask, settings[k][0], settings[k][1] };
        memset(g, 0, sizeof g);
        double v = nn_penalty(N, w, g, mask, c.l1, c.l2);
        cr_assert_eq(v, pen_value(&c), "the value depends on the gradient");
        nn_gradcheck_result res;
        nn_gradcheck(pen_value, &c, N, w, g, h, floor, &res);
        cr_assert_lt(res.max_err, tol, "setting %d, weight %zu: %g", k, res.worst,
                     res.max_err);
        for (int i = 4; i < N; i += 5)
            cr_assert_eq(g[i], 0, "a masked parameter got a gradient");
    }
}
/* <<a noisy problem for the training tests>> */
static void noisy_clouds(nn_dataset *d, size_t n, uint64_t seed)
{
    nn_rng r;
    nn_rng_seed(&r, seed, 4);
    cr_assert_eq(nn_dataset_alloc(d, n, 1, 4, 3), NN_OK);
    for (size_t i = 0; i < n; i++) {
        int c = (int)(i % 3);
        for (size_t k = 0; k < 4; k++)
            d->x[i * 4 + k] = (nn_real)((k == (size_t)c) + 1.2 * nn_rng_normal(&r));
        d->labels[i] = c;
    }
}

static nn_net *reg_net(nn_optim **opt, nn_optim_kind kind, double lr, double wd)
{
    nn_rng r;
    nn_rng_seed(&r, 17, 5);
    const size_t sizes[] = { 4, 32, 32, 3 };
    nn_net *net;
    cr_assert_eq(nn_net_mlp(&net, 4, sizes, nn_act_default(NN_ACT_RELU), 16, &r),
                 NN_OK);
    nn_optim_config c = nn_optim_suggested(kind);
    c.lr = lr, c.weight_decay = wd;
    cr_assert_eq(nn_optim_create(opt, &c, nn_net_n_params(net)), NN_OK);
    return net;
}
/* <<a noisy problem for the training tests>> */
static nn_real *train_reg(nn_optim_kind kind, double wd, nn_train_config *cfg,
                          const nn_dataset *tr, const nn_dataset *va, nn_status want)
{
    nn_optim *opt;
    nn_net *net = reg_net(&opt, kind, kind == NN_OPTIM_SGD ? 0.05 : 0.01, wd);
    nn_rng r;
    nn_rng_seed(&r, 7, 7);
    nn_error err = { NN_OK, "" };
    cr_assert_eq(nn_train(net, opt, cfg, tr, va, &r, &err), want, "%s", err.msg);
    size_t np;
    nn_real *p = nn_net_params(net, &np), *copy = malloc(np * sizeof *copy);
    memcpy(copy, p, np * sizeof *p);
    nn_net_free(net), nn_optim_free(opt);
    return copy;
}
/* <<test that the L2 penalty is weight decay under SGD>> */
Test(regularization, l2_penalty_is_weight_decay_under_sgd_not_adam)
{
    nn_dataset tr, va;
    noisy_clouds(&tr, 60, 1), noisy_clouds(&va, 300, 2);
    size_t np = 4 * 32 + 32 + 32 * 32 + 32 + 32 * 3 + 3;
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 5, cfg.batch = 16;
    nn_real *decayed = train_reg(NN_OPTIM_SGD, 0.01, &cfg, &tr, &va, NN_OK);
    nn_real *adamw = train_reg(NN_OPTIM_ADAMW, 0.01, &cfg, &tr, &va, NN_OK);
    cfg.l2 = 0.01;
    nn_real *penalized = train_reg(NN_OPTIM_SGD, 0, &cfg, &tr, &va, NN_OK);
    nn_real *adam = train_reg(NN_OPTIM_ADAM, 0, &cfg, &tr, &va, NN_OK);
    cr_assert_eq(memcmp(decayed, penalized, np * sizeof *decayed), 0,
                 "L2 and weight decay differ under SGD");
    cr_assert_neq(memcmp(adam, adamw, np * sizeof *adam), 0,
                  "L2 and weight decay agree under Adam");
    free(decayed), free(penalized), free(adam), free(adamw);
    nn_dataset_free(&tr), nn_dataset_free(&va);
}
/* <<test that the training loss includes the penalty>> */
static int last_stats(void *ctx, const nn_epoch_stats *s)
{
    *(nn_epoch_stats *)ctx = *s;
    return 0;
}

Test(regularization, the_training_loss_includes_the_penalty)
{
    nn_dataset tr;
    noisy_clouds(&tr, 60, 1);
    nn_optim *opt;
    nn_net *net = reg_net(&opt, NN_OPTIM_SGD, 1e-9, 0);
    size_t np = nn_net_n_params(net);
    unsigned char *mask = malloc(np);
    nn_net_decay_mask(net, mask);
    double pen = nn_penalty(np, nn_net_params(net, &np), NULL, mask, 0.01, 0.1);
    /* <<train one epoch with and without the penalties>> */
    nn_epoch_stats with, without;
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 1, cfg.batch = 16, cfg.shuffle = 0, cfg.on_epoch = last_stats;
    cfg.ctx = &without;
    nn_error err;
    cr_assert_eq(nn_train(net, opt, &cfg, &tr, NULL, NULL, &err), NN_OK, "%s", err.msg);
    cfg.ctx = &with, cfg.l1 = 0.01, cfg.l2 = 0.1;
    cr_assert_eq(nn_train(net, opt, &cfg, &tr, NULL, NULL, &err), NN_OK, "%s", err.msg);
    cr_assert_lt(fabs(with.train_loss - without.train_loss - pen), 1e-3 * pen,
                 "difference %g, penalty %g", with.train_loss - without.train_loss,
                 pen);
    free(mask), nn_net_free(net), nn_optim_free(opt), nn_dataset_free(&tr);
}
/* <<test that early stopping restores the best epoch>> */
Test(regularization, early_stopping_restores_the_best_epoch)
{
    nn_dataset tr, va;
    noisy_clouds(&tr, 60, 1), noisy_clouds(&va, 300, 2);
    size_t best = 99, np = 4 * 32 + 32 + 32 * 32 + 32 + 32 * 3 + 3;
    nn_epoch_stats last;
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 40, cfg.batch = 16, cfg.patience = 3, cfg.best_epoch = &best;
    cfg.on_epoch = last_stats, cfg.ctx = &last;
    nn_real *stopped = train_reg(NN_OPTIM_SGD, 0, &cfg, &tr, &va, NN_OK);
    cr_assert(best >= 1 && best < 37, "best epoch %zu", best);
    cr_assert_eq(last.epoch, best + 3, "stopped at %zu", last.epoch);
    nn_train_config plain = nn_train_defaults();
    plain.epochs = best, plain.batch = 16;
    nn_real *exact = train_reg(NN_OPTIM_SGD, 0, &plain, &tr, &va, NN_OK);
    cr_assert_eq(memcmp(stopped, exact, np * sizeof *exact), 0,
                 "not the parameters of epoch %zu", best);
    free(stopped), free(exact), nn_dataset_free(&tr), nn_dataset_free(&va);
}
/* <<test that training refuses bad regularization>> */
Test(regularization, training_refuses_bad_regularization)
{
    nn_dataset tr;
    noisy_clouds(&tr, 60, 1);
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 1, cfg.batch = 16, cfg.l2 = -1;
    free(train_reg(NN_OPTIM_SGD, 0, &cfg, &tr, NULL, NN_EINVAL));
    cfg.l2 = 0, cfg.l1 = INFINITY;
    free(train_reg(NN_OPTIM_SGD, 0, &cfg, &tr, NULL, NN_EINVAL));
    cfg.l1 = 0, cfg.patience = 2;
    free(train_reg(NN_OPTIM_SGD, 0, &cfg, &tr, NULL, NN_EINVAL));
    nn_dataset_free(&tr);
}

/* Tangled from book/a1-200-learning.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "nn.h"
#include "golden.h"

/* <<test the optimizers against the golden vectors>> */
Test(optim, matches_pytorch_golden_steps)
{
    golden_file g;
    char err[512];
    cr_assert_eq(golden_load("optimizers.txt", &g, err, sizeof err), 0, "%s", err);
    size_t compared = 0;
    for (size_t k = 0; k < g.n_cases; k++) {
        const golden_case *c = &g.cases[k];
        nn_optim_config cfg;
        cr_assert_eq(nn_optim_parse(c->op, &cfg), NN_OK, "case %s: unknown op %s",
                     c->name, c->op);
        /* <<run one golden optimizer case>> */
        cfg.lr = golden_param_num(c, "lr", NAN);
        cfg.weight_decay = golden_param_num(c, "weight_decay", NAN);
        cfg.momentum = golden_param_num(c, "momentum", NAN);
        cfg.dampening = golden_param_num(c, "dampening", NAN);
        cfg.nesterov = golden_param_num(c, "nesterov", 0) != 0;
        /* <<read the hyperparameters of further optimizers from a golden case>> */
        cfg.alpha = golden_param_num(c, "alpha", cfg.alpha);
        cfg.eps = golden_param_num(c, "eps", cfg.eps);
        cfg.centered = golden_param_num(c, "centered", 0) != 0;
        cfg.lr_decay = golden_param_num(c, "lr_decay", cfg.lr_decay);
        cfg.initial_accumulator_value = golden_param_num(c, "initial_accumulator_value",
                                                         cfg.initial_accumulator_value);
        cfg.beta1 = golden_param_num(c, "beta1", cfg.beta1);
        cfg.beta2 = golden_param_num(c, "beta2", cfg.beta2);
        if (isnan(cfg.momentum))
            cfg.momentum = 0;
        if (isnan(cfg.dampening))
            cfg.dampening = 0;
        const golden_tensor *p0 = golden_tensor_get(c, "p0");
        cr_assert_not_null(p0, "case %s: no p0", c->name);
        size_t n = p0->rows * p0->cols;
        nn_real *p = malloc(n * sizeof *p), *grad = malloc(n * sizeof *grad);
        for (size_t i = 0; i < n; i++)
            p[i] = (nn_real)p0->data[i];
        nn_optim *o;
        cr_assert_eq(nn_optim_create(&o, &cfg, n), NN_OK, "case %s: configuration", c->name);
        /* <<take the case's steps and compare each with PyTorch>> */
        double rtol, atol;
        golden_tolerance(&rtol, &atol);
        int steps = (int)golden_param_num(c, "steps", 0);
        cr_assert_gt(steps, 0, "case %s: no steps", c->name);
        for (int t = 1; t <= steps; t++) {
            char gname[16], pname[16], msg[512];
            snprintf(gname, sizeof gname, "g%d", t), snprintf(pname, sizeof pname, "p%d", t);
            const golden_tensor *gt = golden_tensor_get(c, gname);
            const golden_tensor *pt = golden_tensor_get(c, pname);
            cr_assert(gt && pt, "case %s: step %d missing", c->name, t);
            for (size_t i = 0; i < n; i++)
                grad[i] = (nn_real)gt->data[i];
            nn_optim_step(o, p, grad);
            cr_assert_eq(golden_compare(pt, p, rtol, atol, msg, sizeof msg), 0,
                         "case %s, step %d: %s", c->name, t, msg);
        }
        nn_optim_free(o);
        free(p), free(grad);
        compared++;
    }
    cr_assert_eq(compared, g.n_cases);
    golden_report(&g, compared);
    cr_assert_gt(compared, 0, "no case compared");
    golden_free(&g);
}
/* <<test that optimizers refuse impossible configurations>> */
Test(optim, refuses_impossible_configurations)
{
    nn_optim *o;
    nn_optim_config ok = nn_optim_default(NN_OPTIM_SGD), bad[6];
    for (int k = 0; k < 6; k++)
        bad[k] = ok;
    bad[0].nesterov = 1;
    bad[1].momentum = 0.9, bad[1].dampening = 0.1, bad[1].nesterov = 1;
    bad[2].momentum = 1;
    bad[3].lr = -0.1;
    bad[4].weight_decay = -1e-4;
    bad[5].lr = NAN;
    for (int k = 0; k < 6; k++) {
        cr_assert_eq(nn_optim_create(&o, &bad[k], 10), NN_EINVAL, "config %d", k);
        cr_assert_null(o);
    }
    cr_assert_eq(nn_optim_create(&o, &ok, 0), NN_EINVAL);
    cr_assert_eq(nn_optim_create(&o, &ok, 10), NN_OK);
    nn_optim_config c = bad[0];
    cr_assert(nn_optim_parse("sgd", &c) == NN_OK && c.kind == NN_OPTIM_SGD);
    cr_assert_eq(nn_optim_parse("sdg", &c), NN_EINVAL);
    cr_assert_str_eq(nn_optim_name(NN_OPTIM_SGD), "sgd");
    nn_optim_free(o);
}
/* <<test the optimizers' table>> */
Test(optim, every_row_of_the_table_is_complete)
{
    for (int k = 0; k < NN_OPTIM_COUNT; k++) {
        const char *name = nn_optim_name((nn_optim_kind)k);
        cr_assert(name && strcmp(name, "unknown") != 0, "kind %d has no row", k);
        for (int j = 0; j < k; j++)
            cr_assert_str_neq(name, nn_optim_name((nn_optim_kind)j));
        nn_optim_config c = { .lr = -1 }, d = nn_optim_default((nn_optim_kind)k);
        cr_assert_eq(nn_optim_parse(name, &c), NN_OK, "%s", name);
        cr_assert(c.kind == (nn_optim_kind)k && memcmp(&c, &d, sizeof c) == 0,
                  "%s: the parse does not give the defaults", name);
        nn_optim_config s = nn_optim_suggested((nn_optim_kind)k);
        cr_assert_null(nn_optim_check(&c), "%s: %s", name, nn_optim_check(&c));
        cr_assert_null(nn_optim_check(&s), "%s: %s", name, nn_optim_check(&s));
        cr_assert(s.lr > 0, "%s: no suggested learning rate", name);
        nn_optim *o;
        cr_assert_eq(nn_optim_create(&o, &c, 4), NN_OK, "%s", name);
        nn_optim_free(o);
        c.lr = -1;
        cr_assert_not_null(nn_optim_check(&c), "%s", name);
    }
}
/* <<test the optimizers' table>> */
Test(optim, refuses_a_kind_beyond_the_table)
{
    nn_optim_config c = nn_optim_default(NN_OPTIM_COUNT);
    nn_optim *o;
    cr_assert_str_eq(nn_optim_name(NN_OPTIM_COUNT), "unknown");
    cr_assert_str_eq(nn_optim_name((nn_optim_kind)-1), "unknown");
    cr_assert_not_null(nn_optim_check(&c));
    cr_assert_eq(nn_optim_create(&o, &c, 4), NN_EINVAL);
    cr_assert_null(o);
    c = nn_optim_default(NN_OPTIM_SGD);
    c.kind = (nn_optim_kind)(NN_OPTIM_COUNT + 3);
    cr_assert_eq(nn_optim_create(&o, &c, 4), NN_EINVAL);
    cr_assert_eq(nn_optim_parse(NULL, &c), NN_EINVAL);
    cr_assert_eq(nn_optim_parse("SGD", &c), NN_EINVAL);
}
/* <<a small problem with three separable classes>> */
static void clouds(nn_dataset *d, size_t n, uint64_t seed)
{
    nn_rng r;
    nn_rng_seed(&r, seed, 4);
    cr_assert_eq(nn_dataset_alloc(d, n, 1, 4, 3), NN_OK);
    for (size_t i = 0; i < n; i++) {
        int c = (int)(i % 3);
        for (size_t k = 0; k < 4; k++)
            d->x[i * 4 + k] = (nn_real)((k == (size_t)c ? 2 : 0)
                                        + 0.5 * nn_rng_normal(&r));
        d->labels[i] = c;
    }
}
/* <<a small problem with three separable classes>> */
typedef struct recorder {
    nn_epoch_stats st[64];
    size_t n, stop_after;       /* stop_after 0: never */
} recorder;

static int record(void *ctx, const nn_epoch_stats *s)
{
    recorder *r = ctx;
    r->st[r->n++] = *s;
    return r->stop_after && s->epoch == r->stop_after;
}

static nn_net *small_net(uint64_t seed, size_t max_batch, nn_optim **opt, double lr,
                         double momentum)
{
    nn_rng r;
    nn_rng_seed(&r, seed, 5);
    const size_t sizes[] = { 4, 16, 3 };
    nn_net *net;
    cr_assert_eq(nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), max_batch, &r),
                 NN_OK);
    nn_optim_config c = nn_optim_default(NN_OPTIM_SGD);
    c.lr = lr, c.momentum = momentum;
    size_t np;
    nn_net_params(net, &np);
    cr_assert_eq(nn_optim_create(opt, &c, np), NN_OK);
    return net;
}
/* <<test that training learns the separable problem>> */
Test(train, learns_three_separable_classes)
{
    nn_dataset tr, va;
    clouds(&tr, 600, 1), clouds(&va, 300, 2);
    nn_optim *opt;
    nn_net *net = small_net(3, 32, &opt, 0.05, 0.9);
    recorder rec = { .n = 0 };
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 20, cfg.batch = 16, cfg.on_epoch = record, cfg.ctx = &rec;
    nn_rng r;
    nn_rng_seed(&r, 7, 7);
    nn_error err = { NN_OK, "" };
    cr_assert_eq(nn_train(net, opt, &cfg, &tr, &va, &r, &err), NN_OK, "%s", err.msg);
    cr_assert_eq(rec.n, 21);
    for (size_t e = 0; e <= 20; e++)
        cr_assert_eq(rec.st[e].epoch, e);
    cr_assert(isnan(rec.st[0].train_loss));
    cr_assert_lt(fabs(rec.st[0].val_loss - log(3.0)), 0.5, "initial loss %g",
                 rec.st[0].val_loss);
    cr_assert_lt(rec.st[20].train_loss, rec.st[1].train_loss);
    cr_assert_geq(rec.st[20].val_acc, 0.97, "accuracy %g", rec.st[20].val_acc);
    /* <<check the evaluation and its confusion matrix>> */
    nn_eval ev;
    size_t conf[9], total = 0, diag = 0;
    int pred[300];
    cr_assert_eq(nn_evaluate(net, &cfg, &va, &ev, conf, pred), NN_OK);
    cr_assert_eq(ev.accuracy, rec.st[20].val_acc);
    cr_assert_eq(ev.loss, rec.st[20].val_loss);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            total += conf[i * 3 + j], diag += i == j ? conf[i * 3 + j] : 0;
    cr_assert(total == 300 && diag == ev.correct);
    for (size_t i = 0; i < 300; i++)
        diag -= pred[i] == va.labels[i];
    cr_assert_eq(diag, 0, "the predictions disagree with the count");
    nn_net_free(net), nn_optim_free(opt), nn_dataset_free(&tr), nn_dataset_free(&va);
}
/* <<test that training is reproducible and one example at a time is batch size 1>> */
static nn_net *train_clouds(size_t batch, int shuffle, size_t epochs, recorder *rec)
{
    nn_dataset tr;
    clouds(&tr, 90, 1);
    nn_optim *opt;
    nn_net *net = small_net(3, 8, &opt, 0.05, batch > 1 ? 0.9 : 0);
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = epochs, cfg.batch = batch, cfg.shuffle = shuffle;
    cfg.on_epoch = rec ? record : NULL, cfg.ctx = rec;
    nn_rng r;
    nn_rng_seed(&r, 11, 1);
    cr_assert_eq(nn_train(net, opt, &cfg, &tr, NULL, &r, NULL), NN_OK);
    nn_optim_free(opt), nn_dataset_free(&tr);
    return net;
}
/* <<test that training is reproducible and one example at a time is batch size 1>> */
Test(train, is_reproducible_and_batch_size_1_is_per_example_sgd)
{
    size_t n1, n2;
    nn_net *a = train_clouds(8, 1, 3, NULL), *b = train_clouds(8, 1, 3, NULL);
    nn_real *pa = nn_net_params(a, &n1), *pb = nn_net_params(b, &n2);
    cr_assert(n1 == n2 && memcmp(pa, pb, n1 * sizeof *pa) == 0);
    nn_net *c = train_clouds(1, 0, 1, NULL), *d;
    /* <<train the same network by hand, one example at a time>> */
    nn_dataset tr;
    clouds(&tr, 90, 1);
    nn_optim *unused;
    d = small_net(3, 8, &unused, 0.05, 0);
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    size_t np;
    nn_real *p = nn_net_params(d, &np), *g = nn_net_grads(d, &np);
    for (size_t i = 0; i < tr.n; i++) {
        cr_assert_eq(nn_net_forward(d, 1, tr.x + 4 * i, 1, NULL, NULL), NN_OK);
        cr_assert_eq(nn_net_loss_backward(d, &L, NULL, tr.labels + i, NULL), NN_OK);
        nn_gd_step(np, p, g, (nn_real)0.05);
    }
    nn_optim_free(unused), nn_dataset_free(&tr);
    nn_real *pc = nn_net_params(c, &n1), *pd = nn_net_params(d, &n2);
    cr_assert(n1 == n2 && memcmp(pc, pd, n1 * sizeof *pc) == 0);
    recorder rec = { .n = 0, .stop_after = 2 };
    nn_net_free(train_clouds(8, 1, 10, &rec));
    cr_assert_eq(rec.n, 3, "stopped after %zu reports", rec.n);
    nn_net_free(a), nn_net_free(b), nn_net_free(c), nn_net_free(d);
}
/* <<test that training stops when the loss diverges>> */
Test(train, stops_with_a_message_when_the_loss_diverges)
{
    nn_dataset tr;
    clouds(&tr, 300, 1);
    nn_optim *opt;
    nn_net *net = small_net(3, 16, &opt, 50, 0);
    recorder rec = { .n = 0 };
    nn_train_config cfg = nn_train_defaults();
    cfg.loss = nn_loss_default(NN_LOSS_MSE), cfg.batch = 16;
    cfg.on_epoch = record, cfg.ctx = &rec;
    nn_rng r;
    nn_rng_seed(&r, 7, 7);
    nn_error err = { NN_OK, "" };
    cr_assert_eq(nn_train(net, opt, &cfg, &tr, &tr, &r, &err), NN_EDIVERGED);
    fprintf(stderr, "train, diverging: %s\n", err.msg);
    cr_assert_eq(err.status, NN_EDIVERGED);
    cr_assert(strncmp(err.msg, "training diverged: the loss became ", 35) == 0
              && strstr(err.msg, "at epoch 1, step ")
              && strstr(err.msg, "(learning rate 50); lower the learning rate"),
              "message: %s", err.msg);
    cr_assert_eq(rec.n, 1, "epochs reported after divergence");
    nn_net_free(net), nn_optim_free(opt), nn_dataset_free(&tr);
}
/* <<test that training refuses what does not fit>> */
Test(train, refuses_what_does_not_fit)
{
    nn_dataset tr, wide;
    clouds(&tr, 30, 1);
    cr_assert_eq(nn_dataset_alloc(&wide, 30, 1, 5, 3), NN_OK);
    memset(wide.labels, 0, 30 * sizeof *wide.labels);
    nn_optim *opt, *other;
    nn_net *net = small_net(3, 8, &opt, 0.1, 0);
    nn_optim_config c = nn_optim_default(NN_OPTIM_SGD);
    cr_assert_eq(nn_optim_create(&other, &c, 10), NN_OK);
    nn_train_config cfg = nn_train_defaults();
    nn_error err = { NN_OK, "" };
    cr_assert_eq(nn_train(net, opt, &cfg, &tr, NULL, NULL, &err), NN_EINVAL);
    cr_assert_str_eq(err.msg, "nn_train: batches of 64 examples, but the network was"
                     " built for at most 8");
    cfg.batch = 8;
    cr_assert_eq(nn_train(net, other, &cfg, &tr, NULL, NULL, &err), NN_EINVAL);
    cr_assert_str_eq(err.msg, "nn_train: the optimizer was made for 10 parameters,"
                     " the network has 131");
    cr_assert_eq(nn_train(net, opt, &cfg, &tr, &wide, NULL, &err), NN_EINVAL);
    cr_assert_str_eq(err.msg, "nn_train: the network takes 4 inputs but the validation"
                     " set has 5 features");
    nn_net_free(net), nn_optim_free(opt), nn_optim_free(other);
    nn_dataset_free(&tr), nn_dataset_free(&wide);
}

/* Tangled from book/a1-220-optimizers.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <string.h>
#include <criterion/criterion.h>
#include "nn.h"

/* <<take steps on a few numbers with an optimizer>> */
static void expect_steps(nn_optim_config c, size_t n, nn_real *p, int steps,
                         const double *g, const double *want)
{
    nn_optim *o;
    cr_assert_eq(nn_optim_create(&o, &c, n), NN_OK, "%s", nn_optim_check(&c));
    nn_real grad[4];
    for (int t = 0; t < steps; t++) {
        for (size_t i = 0; i < n; i++)
            grad[i] = (nn_real)g[t * n + i];
        nn_optim_step(o, p, grad);
    }
    for (size_t i = 0; i < n; i++)
        cr_expect(fabs(p[i] - want[i]) <= 1e-5 * fabs(want[i]) + 1e-7,
                  "%s: parameter %zu is %.9g, not %.9g", nn_optim_name(c.kind), i,
                  (double)p[i], want[i]);
    nn_optim_free(o);
}
/* <<test AdaGrad's steps by hand>> */
Test(optim_adaptive, adagrad_by_hand)
{
    nn_optim_config c = nn_optim_default(NN_OPTIM_ADAGRAD);
    c.lr = 0.1;
    double g[2] = { 0.5, 0.5 };
    nn_real p[1] = { 1 };
    expect_steps(c, 1, p, 2, g, (double[]){ 1 - 0.1 - 0.1 * 0.5 / sqrt(0.5) });
    c.initial_accumulator_value = 0.75, c.lr_decay = 1;
    p[0] = 1;
    expect_steps(c, 1, p, 2, g, (double[]){ 1 - 0.05 - 0.05 * 0.5 / sqrt(1.25) });
}
/* <<test Adam's and AdamW's steps by hand>> */
Test(optim_adaptive, adam_and_adamw_by_hand)
{
    nn_optim_config c = nn_optim_default(NN_OPTIM_ADAM);
    c.lr = 0.1;
    nn_real p[2] = { 1, 1 };
    expect_steps(c, 2, p, 1, (double[]){ 0.5, 1e-9 }, (double[]){ 0.9, 1 - 0.1 / 11 });
    p[0] = 1, p[1] = 1;
    expect_steps(c, 2, p, 2, (double[]){ 0.5, 1, -0.5, 1 },
                 (double[]){ 0.9 + 1.0 / 190, 0.8 });
    c.weight_decay = 0.1;
    p[0] = 1;
    expect_steps(c, 1, p, 1, (double[]){ 0.5 }, (double[]){ 0.9 });
    c.kind = NN_OPTIM_ADAMW;
    p[0] = 1;
    expect_steps(c, 1, p, 1, (double[]){ 0.5 }, (double[]){ 0.99 - 0.1 });
}
/* <<test that the adaptive optimizers refuse what makes no sense>> */
Test(optim_adaptive, refuses_impossible_settings)
{
    nn_optim *o;
    nn_optim_config a = nn_optim_default(NN_OPTIM_ADAGRAD);
    nn_optim_config m = nn_optim_default(NN_OPTIM_ADAMW), bad[7];
    for (int k = 0; k < 7; k++)
        bad[k] = k < 3 ? a : m;
    bad[0].lr_decay = -0.1;
    bad[1].initial_accumulator_value = -1;
    bad[2].momentum = 0.9;
    bad[3].eps = 0;
    bad[4].beta1 = 1;
    bad[5].beta2 = 1;
    bad[6].nesterov = 1;
    for (int k = 0; k < 7; k++) {
        cr_expect_eq(nn_optim_create(&o, &bad[k], 3), NN_EINVAL, "setting %d", k);
        cr_expect_null(o);
    }
    cr_assert_str_eq(nn_optim_name(NN_OPTIM_ADAM), "adam");
    cr_assert_eq(m.weight_decay, 0.01);
}
/* <<test that biases do not decay unless asked>> */
Test(optim_adaptive, biases_do_not_decay_unless_asked)
{
    nn_net *net;
    nn_layer *l;
    cr_assert_eq(nn_net_create(&net, 3), NN_OK);
    cr_assert_eq(nn_layer_dense(&l, 3, 2, NN_INIT_XAVIER_UNIFORM), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    cr_assert_eq(nn_net_build(net, 4), NN_OK);
    unsigned char mask[8];
    nn_net_decay_mask(net, mask);
    for (int i = 0; i < 8; i++)
        cr_expect_eq(mask[i], i < 6, "mask[%d]", i);
    size_t n;
    nn_real *p = nn_net_params(net, &n), zero[8] = { 0 };
    cr_assert_eq(n, 8);
    cr_assert_eq(nn_net_n_params(net), 8);
    /* <<decay the net's parameters once with each kind and both settings>> */
    for (int k = 0; k < NN_OPTIM_COUNT; k++)
        for (int all = 0; all <= 1; all++) {
            nn_optim_config c = nn_optim_default((nn_optim_kind)k);
            c.weight_decay = 0.5, c.decay_biases = all;
            nn_optim *o;
            cr_assert_eq(nn_optim_create(&o, &c, n), NN_OK);
            cr_assert_eq(nn_optim_decay_from_net(o, net), NN_OK);
            for (size_t i = 0; i < n; i++)
                p[i] = 1;
            nn_optim_step(o, p, zero);
            for (size_t i = 0; i < n; i++)
                cr_expect((p[i] != 1) == (i < 6 || all), "%s, decay_biases %d: p[%zu]",
                          nn_optim_name(c.kind), all, i);
            nn_optim_free(o);
        }
    nn_optim *o;
    nn_optim_config c = nn_optim_default(NN_OPTIM_ADAMW);
    cr_assert_eq(nn_optim_create(&o, &c, 7), NN_OK);
    cr_expect_eq(nn_optim_decay_from_net(o, net), NN_EINVAL);
    nn_optim_free(o);
    nn_net_free(net);
}

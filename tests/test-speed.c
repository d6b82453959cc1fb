/* Tangled from book/a1-320-speed.nw by 'make tangle'. Edit the book, not this file. */
#include <criterion/criterion.h>
#include <math.h>
#include <omp.h>
#include <string.h>
#include "nn.h"

/* <<make the same random images as bytes and as numbers>> */
static void twin_datasets(size_t n, size_t nf, size_t C, nn_dataset *num,
                          nn_dataset *byt)
{
    nn_rng rng;
    nn_rng_seed(&rng, 42, 7);
    cr_assert_eq(nn_dataset_alloc(num, n, 1, nf, C), NN_OK);
    cr_assert_eq(nn_dataset_alloc_bytes(byt, n, 1, nf, C), NN_OK);
    for (int v = 0; v < 256; v++)
        byt->x8_value[v] = (nn_real)v / 255;
    for (size_t i = 0; i < n; i++) {
        num->labels[i] = byt->labels[i] = (int)nn_rng_below(&rng, (uint32_t)C);
        for (size_t k = 0; k < nf; k++) {
            unsigned char b = (unsigned char)nn_rng_below(&rng, 256);
            byt->x8[i * nf + k] = b;
            num->x[i * nf + k] = (nn_real)b / 255;
        }
    }
}

/* <<test that bytes and numbers train to the same parameters>> */
/* <<train a small network on one of the twins>> */
static void train_twin(nn_dataset *d, nn_real *out, size_t np)
{
    nn_rng rng;
    nn_rng_seed(&rng, 5, 5);
    nn_dataset fit, val;
    cr_assert_eq(nn_dataset_affine(d, 2.0, -1.0), NN_OK);
    cr_assert_eq(nn_dataset_split(d, 50, &rng, &fit, &val), NN_OK);
    size_t sizes[] = { 12, 16, 3 }, n;
    nn_net *net;
    nn_optim *opt;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_RMSPROP);
    oc.lr = 0.01;
    nn_act tanh_act = nn_act_default(NN_ACT_TANH);
    cr_assert_eq(nn_net_mlp(&net, 3, sizes, tanh_act, 32, &rng), NN_OK);
    nn_net_params(net, &n);
    cr_assert_eq(n, np);
    cr_assert_eq(nn_optim_create(&opt, &oc, n), NN_OK);
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 3, cfg.batch = 16;
    nn_error err = { NN_OK, "" };
    cr_assert_eq(nn_train(net, opt, &cfg, &fit, &val, &rng, &err), NN_OK, "%s",
                 err.msg);
    memcpy(out, nn_net_params(net, &n), np * sizeof *out);
    nn_optim_free(opt);
    nn_net_free(net);
}

Test(bytes, train_exactly_like_numbers)
{
    nn_dataset num, byt;
    twin_datasets(300, 12, 3, &num, &byt);
    size_t np = 12 * 16 + 16 + 16 * 3 + 3;
    nn_real a[12 * 16 + 16 + 16 * 3 + 3], b[sizeof a / sizeof *a];
    train_twin(&num, a, np);
    train_twin(&byt, b, np);
    cr_assert(memcmp(a, b, sizeof a) == 0, "bytes and numbers trained differently");
    nn_dataset_free(&num), nn_dataset_free(&byt);
}

/* <<test the moments and the rows of a dataset of bytes>> */
Test(bytes, moments_rows_and_views)
{
    nn_dataset num, byt;
    twin_datasets(40, 10, 2, &num, &byt);
    double m1, s1, m2, s2;
    nn_dataset_moments(&num, &m1, &s1);
    nn_dataset_moments(&byt, &m2, &s2);
    cr_assert(fabs(m1 - m2) < 1e-12 && fabs(s1 - s2) < 1e-12, "%g %g, %g %g", m1, m2,
              s1, s2);
    nn_real x1[5 * 10], x2[5 * 10];
    size_t idx[5] = { 39, 0, 7, 7, 21 };
    int l1[5], l2[5];
    nn_dataset_gather(&num, 5, idx, x1, l1);
    nn_dataset_gather(&byt, 5, idx, x2, l2);
    cr_assert(memcmp(x1, x2, sizeof x1) == 0 && memcmp(l1, l2, sizeof l1) == 0);
    nn_dataset v1 = nn_dataset_view(&num, 30, 100), v2 = nn_dataset_view(&byt, 30, 100);
    cr_assert_eq(v2.n, 10);
    cr_assert(memcmp(nn_dataset_rows(&v1, 2, 5, x1), nn_dataset_rows(&v2, 2, 5, x2),
                     sizeof x1) == 0);
    cr_assert_null(v2.x);
    nn_dataset_free(&num), nn_dataset_free(&byt);
}

/* <<test that views follow their owner after scaling, in both forms>> */
static void copy_rows(const nn_dataset *d, size_t first, size_t B, nn_real *out)
{
    nn_real tmp[60 * 10];
    memcpy(out, nn_dataset_rows(d, first, B, tmp), B * d->n_features * sizeof *out);
}

Test(bytes, views_follow_their_owner)
{
    nn_dataset num, byt, fit[2], val[2], *d[2] = { &num, &byt };
    nn_real own[2][60 * 10], seen[2][60 * 10];
    twin_datasets(60, 10, 3, &num, &byt);
    for (int f = 0; f < 2; f++) {
        nn_rng rng;
        nn_rng_seed(&rng, 9, 9);
        cr_assert_eq(nn_dataset_split(d[f], 20, &rng, &fit[f], &val[f]), NN_OK);
        cr_assert_eq(nn_dataset_affine(&val[f], 2.0, -1.0), NN_EINVAL);
        cr_assert_eq(nn_dataset_affine(d[f], 2.0, -1.0), NN_OK);
        copy_rows(d[f], 0, 60, own[f]);
        copy_rows(&fit[f], 0, 40, seen[f]);
        copy_rows(&val[f], 0, 20, seen[f] + 40 * 10);
        cr_assert(memcmp(own[f], seen[f], sizeof own[f]) == 0,
                  "form %d: the views disagree with their owner", f);
    }
    cr_assert(memcmp(own[0], own[1], sizeof own[0]) == 0,
              "bytes and numbers disagree after scaling");
    nn_real x0 = (nn_real)byt.x8[0] / 255;         /* the first feature, unscaled */
    cr_assert_eq(own[0][0], (nn_real)(2.0 * x0 - 1.0), "the owner was not scaled");
    nn_dataset_free(&num), nn_dataset_free(&byt);
}

/* <<test that RMSProp refuses what makes no sense>> */
Test(rmsprop, refuses_impossible_settings)
{
    nn_optim *o;
    nn_optim_config ok = nn_optim_default(NN_OPTIM_RMSPROP);
    cr_assert_eq(nn_optim_create(&o, &ok, 3), NN_OK);
    nn_optim_free(o);
    cr_assert_str_eq(nn_optim_name(NN_OPTIM_RMSPROP), "rmsprop");
    nn_optim_config bad[5] = { ok, ok, ok, ok, ok };
    bad[0].alpha = 1;
    bad[1].eps = 0;
    bad[2].momentum = -0.5;
    bad[3].nesterov = 1;
    bad[4].dampening = 0.1;
    for (int k = 0; k < 5; k++) {
        cr_expect_eq(nn_optim_create(&o, &bad[k], 3), NN_EINVAL, "setting %d", k);
        cr_expect_null(o);
    }
}

/* <<test that ReLU's fast loops give the general loop's numbers>> */
Test(relu, fast_loops_match_the_general_formulas)
{
    enum { N = 8 };
    nn_real x[N] = { -2, -0.0, 0, 1.5, INFINITY, -INFINITY, NAN, 3 };
    nn_real dy[N] = { -1, -2, 3, -4, 5, -6, 7, -INFINITY }, y[N], dx[N];
    nn_act relu = nn_act_default(NN_ACT_RELU);
    nn_act_forward(&relu, 2, N / 2, x, y);
    nn_act_backward(&relu, 2, N / 2, x, y, dy, dx);
    for (int i = 0; i < N; i++) {
        double v = x[i] < 0 ? 0 : (double)x[i];
        nn_real want_y = (nn_real)v;
        nn_real want_dx = (nn_real)(dy[i] * (x[i] > 0 ? 1.0 : 0.0));
        cr_expect(memcmp(&y[i], &want_y, sizeof y[i]) == 0 || (isnan(y[i]) && isnan(v)),
                  "relu(x[%d]) = %g, want %g", i, (double)y[i], (double)want_y);
        cr_expect(memcmp(&dx[i], &want_dx, sizeof dx[i]) == 0
                  || (isnan(dx[i]) && isnan(want_dx)),
                  "slope at x[%d]: %g, want %g", i, (double)dx[i], (double)want_dx);
    }
}

/* <<test that training gives the same parameters on one thread and on two>> */
/* <<train on a given number of threads>> */
static void train_threads(int threads, nn_real *out, size_t np)
{
    nn_dataset num, byt;
    twin_datasets(600, 100, 4, &num, &byt);
    int before = omp_get_max_threads();
    omp_set_num_threads(threads);
    nn_rng rng;
    nn_rng_seed(&rng, 6, 6);
    size_t sizes[] = { 100, 300, 300, 4 }, n;
    nn_net *net;
    nn_optim *opt;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = 0.05, oc.momentum = 0.9;
    nn_act relu = nn_act_default(NN_ACT_RELU);
    cr_assert_eq(nn_net_mlp(&net, 4, sizes, relu, 64, &rng), NN_OK);
    nn_net_params(net, &n);
    cr_assert_eq(n, np);
    cr_assert_eq(nn_optim_create(&opt, &oc, n), NN_OK);
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 2;
    nn_error err = { NN_OK, "" };
    cr_assert_eq(nn_train(net, opt, &cfg, &byt, NULL, &rng, &err), NN_OK, "%s",
                 err.msg);
    memcpy(out, nn_net_params(net, &n), np * sizeof *out);
    omp_set_num_threads(before);
    nn_optim_free(opt), nn_net_free(net);
    nn_dataset_free(&num), nn_dataset_free(&byt);
}

Test(threads, same_parameters_on_one_thread_and_two)
{
#ifdef NN_CBLAS
    cr_skip_test("built with OpenBLAS, whose threads may change the order of sums");
#endif
    size_t np = 100 * 300 + 300 + 300 * 300 + 300 + 300 * 4 + 4;
    nn_real *a = malloc(np * sizeof *a), *b = malloc(np * sizeof *b);
    cr_assert(a && b);
    train_threads(1, a, np);
    train_threads(2, b, np);
    cr_assert(memcmp(a, b, np * sizeof *a) == 0, "one thread and two differ");
    free(a), free(b);
}

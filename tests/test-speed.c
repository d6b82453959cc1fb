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
    nn_dataset_prefetch(&num, 5, idx);
    nn_dataset_prefetch(&byt, 5, idx);
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

/* <<test that the product reports each finished block once>> */
typedef struct then_check {
    const nn_real *C, *want;            /* the product, and what it must become */
    size_t ldc;
    int *count;                         /* calls per element */
} then_check;

static void then_count(void *ctx, size_t i0, size_t m, size_t j0, size_t n)
{
    then_check *t = ctx;
    for (size_t i = i0; i < i0 + m; i++)
        for (size_t j = j0; j < j0 + n; j++) {
            size_t at = i * t->ldc + j;
            t->count[at] += t->C[at] == t->want[at] ? 1 : 1000;    /* 1000: too soon */
        }
}
/* <<test that the product reports each finished block once>> */
static void product_arrays(size_t M, size_t N, size_t K, nn_real **A, nn_real **B,
                           nn_real **C, nn_real **want, int **count)
{
    *A = malloc((M * K + 1) * sizeof **A), *B = malloc((K * N + 1) * sizeof **B);
    *C = malloc(M * N * sizeof **C), *want = malloc(M * N * sizeof **want);
    *count = calloc(M * N, sizeof **count);
    cr_assert(*A && *B && *C && *want && *count);
    for (size_t i = 0; i < M * K; i++)
        (*A)[i] = (nn_real)((i * 7) % 13) - 6;
    for (size_t i = 0; i < K * N; i++)
        (*B)[i] = (nn_real)((i * 5) % 11) / 4 - 1;
}

static void on_each_shape(size_t n, const size_t shapes[][3],
                          void (*check)(size_t M, size_t N, size_t K, int threads))
{
    for (int threads = 1; threads <= 2; threads++)
        for (size_t s = 0; s < n; s++) {
            int before = omp_get_max_threads();
            omp_set_num_threads(threads);
            check(shapes[s][0], shapes[s][1], shapes[s][2], threads);
            omp_set_num_threads(before);
        }
}
/* <<test that the product reports each finished block once>> */
static void then_shape(size_t M, size_t N, size_t K, int threads)
{
    /* <<compute a shape with nn_gemm and with nn_gemm_then, and compare>> */
    nn_real *A, *B, *C, *want;
    int *count;
    product_arrays(M, N, K, &A, &B, &C, &want, &count);
    for (size_t i = 0; i < M * N; i++)
        C[i] = want[i] = (nn_real)(i % 3);
    nn_gemm(NN_NO_TRANS, NN_NO_TRANS, M, N, K, 1, A, K, B, N, 1, want, N);
    then_check t = { C, want, N, count };
    nn_gemm_then(NN_NO_TRANS, NN_NO_TRANS, M, N, K, 1, A, K, B, N, 1, C, N, then_count, &t);
    for (size_t i = 0; i < M * N; i++)
        cr_assert_eq(count[i], 1, "%zux%zux%zu on %d threads: element %zu reported %d times"
                     " (1000 a time: too soon)", M, N, K, threads, i, count[i]);
    free(A), free(B), free(C), free(want), free(count);
}
/* <<test that the product reports each finished block once>> */
Test(fused, gemm_then_reports_each_element_once_when_final)
{
    size_t shapes[][3] = { { 64, 200, 300 }, { 300, 40, 64 }, { 90, 10, 70 },
                           { 800, 10, 300 }, { 40, 1000, 300 }, { 400, 300, 64 },
                           { 13, 37, 0 } };
    on_each_shape(sizeof shapes / sizeof *shapes, shapes, then_shape);
}
/* <<test that the product reports each finished block once>> */
typedef struct blocks_check {
    const nn_real *want;                /* the product */
    size_t ldw;
    int *count;                         /* calls per element */
} blocks_check;

static void blocks_count(void *ctx, size_t i0, size_t m, size_t j0, size_t n,
                         const nn_real *c, size_t ldc)
{
    blocks_check *t = ctx;
    for (size_t r = 0; r < m; r++)
        for (size_t q = 0; q < n; q++) {
            size_t at = (i0 + r) * t->ldw + j0 + q;
            t->count[at] += c[r * ldc + q] == t->want[at] ? 1 : 1000;  /* 1000: wrong */
        }
}
/* <<test that the product reports each finished block once>> */
static void blocks_shape(size_t M, size_t N, size_t K, int threads)
{
    /* <<compute a shape with nn_gemm and nn_gemm_blocks, and compare>> */
    nn_real *A, *B, *C, *want;
    int *count;
    product_arrays(M, N, K, &A, &B, &C, &want, &count);
    for (size_t i = 0; i < M * N; i++)
        C[i] = 12345;                                   /* no product gives it */
    nn_gemm(NN_TRANS, NN_NO_TRANS, M, N, K, 1, A, M, B, N, 0, want, N);
    blocks_check t = { want, N, count };
    nn_gemm_blocks(NN_TRANS, NN_NO_TRANS, M, N, K, 1, A, M, B, N, C, N, blocks_count, &t);
    for (size_t i = 0; i < M * N; i++)
        cr_assert_eq(count[i], 1, "%zux%zux%zu on %d threads: element %zu handed over"
                     " %d times (1000 a time: a wrong value)", M, N, K, threads, i,
                     count[i]);
    free(A), free(B), free(C), free(want), free(count);
}
/* <<test that the product reports each finished block once>> */
Test(fused, gemm_blocks_hands_over_each_element_once_with_its_value)
{
    size_t shapes[][3] = { { 300, 40, 64 }, { 400, 300, 64 }, { 64, 200, 300 },
                           { 800, 10, 64 }, { 90, 10, 300 }, { 13, 37, 0 } };
    on_each_shape(sizeof shapes / sizeof *shapes, shapes, blocks_shape);
}

/* <<test that the step inside the backward pass is the separate step>> */
/* <<make a network with every kind of step, and an optimizer for it>> */
enum { FUSED_IN = 37, FUSED_BATCH = 300, FUSED_ONE_PIECE = 64 };
static void fused_net(nn_net **net, nn_optim **opt, const nn_optim_config *oc)
{
    size_t sizes[] = { FUSED_IN, 70, 45, 10 };
    nn_norm norm[] = { NN_NORM_BATCH, NN_NORM_NONE };
    nn_rng rng;
    nn_rng_seed(&rng, 9, 9);
    cr_assert_eq(nn_net_mlp_norm(net, 4, sizes, norm, nn_act_default(NN_ACT_RELU),
                                 NN_INIT_HE_NORMAL, 0.2, FUSED_BATCH, &rng), NN_OK);
    cr_assert_eq(nn_optim_create(opt, oc, nn_net_n_params(*net)), NN_OK);
    cr_assert_eq(nn_optim_decay_from_net(*opt, *net), NN_OK);
}

/* The numbers the two ways must agree on: 0 parameters, 1 the optimizer's
   state, 2 the network's state (batch norm's statistics). */
static nn_real *fused_part(int part, nn_net *net, nn_optim *opt, size_t *n)
{
    return part == 0 ? nn_net_params(net, n) : part == 1 ? nn_optim_slots(opt, n)
                                                         : nn_net_state(net, n);
}

Test(fused, backward_step_is_backward_then_step)
{
    nn_optim_kind kind[] = { NN_OPTIM_SGD, NN_OPTIM_SGD, NN_OPTIM_SGD, NN_OPTIM_ADAGRAD,
                             NN_OPTIM_RMSPROP, NN_OPTIM_RMSPROP, NN_OPTIM_ADAM,
                             NN_OPTIM_ADAM, NN_OPTIM_ADAMW };
    nn_optim_config oc[9];
    for (int k = 0; k < 9; k++)
        oc[k] = nn_optim_default(kind[k]);
    oc[1].momentum = 0.9;
    oc[2].momentum = 0.9, oc[2].nesterov = 1, oc[2].weight_decay = 0.01;
    oc[5].centered = 1, oc[5].momentum = 0.5;
    oc[7].weight_decay = 0.1;
    for (int threads = 1; threads <= 2; threads++)
        for (int k = 0; k < 9; k++) {
            int before = omp_get_max_threads();
            omp_set_num_threads(threads);
            /* <<take three steps both ways, and compare after each>> */
            nn_net *net[2];
            nn_optim *opt[2];
            nn_rng drop[2];
            nn_real *X = malloc(FUSED_BATCH * FUSED_IN * sizeof *X);
            int labels[FUSED_BATCH];
            cr_assert(X);
            nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
            for (int c = 0; c < 2; c++) {
                fused_net(&net[c], &opt[c], &oc[k]);
                nn_rng_seed(&drop[c], 10, 10);
            }
            for (int step = 0; step < 3; step++) {
                size_t B = step == 1 ? FUSED_ONE_PIECE : FUSED_BATCH;
                for (size_t i = 0; i < FUSED_BATCH * FUSED_IN; i++)
                    X[i] = (nn_real)(((i + 17 * (size_t)step) * 31) % 19) / 9 - 1;
                for (int r = 0; r < FUSED_BATCH; r++)
                    labels[r] = (r * 7 + step) % 10;
                /* <<one step the separate way and one the fused way>> */
                double loss[2];
                nn_net_zero_grad(net[0]);
                cr_assert_eq(nn_net_forward(net[0], B, X, 1, &drop[0], NULL), NN_OK);
                cr_assert_eq(nn_net_loss_backward(net[0], &L, NULL, labels, &loss[0]), NN_OK);
                size_t np;
                nn_optim_step(opt[0], nn_net_params(net[0], &np), nn_net_grads(net[0], &np));
                cr_assert_eq(nn_net_forward(net[1], B, X, 1, &drop[1], NULL), NN_OK);
                cr_assert_eq(nn_net_loss(net[1], &L, NULL, labels, &loss[1]), NN_OK);
                cr_assert_eq(nn_net_backward_step(net[1], opt[1]), NN_OK);
                cr_assert_eq(loss[0], loss[1]);
                /* <<compare the two networks and optimizers bit for bit>> */
                const char *what[] = { "parameters", "optimizer states", "running statistics" };
                for (int part = 0; part < 3; part++) {
                    size_t n[2];
                    const nn_real *a = fused_part(part, net[0], opt[0], &n[0]);
                    const nn_real *b = fused_part(part, net[1], opt[1], &n[1]);
                    cr_assert_eq(n[0], n[1]);
                    cr_assert(n[0] == 0 || memcmp(a, b, n[0] * sizeof *a) == 0,
                              "%s differ: %s (%d), step %d, batch %zu, %d threads", what[part],
                              nn_optim_name(oc[k].kind), k, step + 1, B, threads);
                }
            }
            for (int c = 0; c < 2; c++)
                nn_net_free(net[c]), nn_optim_free(opt[c]);
            free(X);
            omp_set_num_threads(before);
        }
}

/* <<test that the trainer's two paths train alike>> */
Test(fused, trainer_paths_train_alike)
{
    nn_dataset num, byt;
    twin_datasets(300, 100, 4, &num, &byt);
    nn_real *p[2];
    size_t n;
    for (int c = 0; c < 2; c++) {
        nn_rng rng;
        nn_rng_seed(&rng, 8, 8);
        size_t sizes[] = { 100, 50, 4 };
        nn_net *net;
        nn_optim *opt;
        nn_optim_config oc = nn_optim_default(NN_OPTIM_ADAM);
        cr_assert_eq(nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 32, &rng),
                     NN_OK);
        cr_assert_eq(nn_optim_create(&opt, &oc, nn_net_n_params(net)), NN_OK);
        nn_train_config cfg = nn_train_defaults();
        cfg.epochs = 2, cfg.batch = 32, cfg.clip_norm = c ? 1e30 : 0;
        nn_error err = { NN_OK, "" };
        cr_assert_eq(nn_train(net, opt, &cfg, &byt, NULL, &rng, &err), NN_OK, "%s",
                     err.msg);
        const nn_real *params = nn_net_params(net, &n);
        p[c] = malloc(n * sizeof *p[c]);
        cr_assert(p[c]);
        memcpy(p[c], params, n * sizeof *p[c]);
        nn_optim_free(opt), nn_net_free(net);
    }
    cr_assert(memcmp(p[0], p[1], n * sizeof *p[0]) == 0, "the two paths differ");
    free(p[0]), free(p[1]);
    nn_dataset_free(&num), nn_dataset_free(&byt);
}

/* <<test that the fused step refuses what it cannot do>> */
Test(fused, refuses_a_wrong_optimizer_or_no_forward_pass)
{
    nn_net *net;
    nn_optim *opt, *small;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    fused_net(&net, &opt, &oc);
    cr_assert_eq(nn_net_backward_step(net, opt), NN_EINVAL);    /* no forward pass */
    cr_assert_eq(nn_optim_create(&small, &oc, 5), NN_OK);
    nn_real X[FUSED_IN] = { 0 };
    cr_assert_eq(nn_net_forward(net, 1, X, 0, NULL, NULL), NN_OK);
    cr_assert_eq(nn_net_backward_step(net, small), NN_EINVAL);
    cr_assert_eq(nn_optim_steps(opt), 0);
    cr_assert_eq(nn_optim_steps(small), 0);
    nn_optim_free(small), nn_optim_free(opt), nn_net_free(net);
}

/* <<test that a profiled network times each layer, and only then>> */
static void profile_pass(nn_net *net, nn_optim *opt, const nn_real *X, const int *y)
{
    nn_rng drop;
    nn_rng_seed(&drop, 3, 3);
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    cr_assert_eq(nn_net_forward(net, FUSED_BATCH, X, 1, &drop, NULL), NN_OK);
    cr_assert_eq(nn_net_loss(net, &L, NULL, y, NULL), NN_OK);
    cr_assert_eq(nn_net_backward_step(net, opt), NN_OK);
}

Test(profile, times_each_layer_only_when_asked)
{
    nn_net *net;
    nn_optim *opt;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_ADAM);
    fused_net(&net, &opt, &oc);
    size_t L = nn_net_n_layers(net);
    double t[16] = { 0 }, first[16];
    cr_assert(L <= 16);
    nn_real *X = calloc(FUSED_BATCH * FUSED_IN, sizeof *X);
    int y[FUSED_BATCH] = { 0 };
    cr_assert(X);
    profile_pass(net, opt, X, y);                   /* not profiled */
    nn_net_profile(net, t);
    profile_pass(net, opt, X, y);
    for (size_t i = 0; i < L; i++)
        cr_assert(t[i] > 0, "layer %zu (%s) has no time", i,
                  nn_layer_kind_name(nn_net_layer(net, i)));
    memcpy(first, t, sizeof t);
    nn_net_profile(net, NULL);
    profile_pass(net, opt, X, y);                   /* no longer profiled */
    cr_assert(memcmp(first, t, sizeof t) == 0);
    free(X), nn_optim_free(opt), nn_net_free(net);
}

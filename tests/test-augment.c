/* Tangled from book/a1-241-augmentation.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <string.h>
#include <criterion/criterion.h>
#include "nn.h"

enum { ROWS = 28, COLS = 28, NF = ROWS * COLS, BATCH = 16 };

/* <<random images for the augmentation tests>> */
static void random_images(nn_real *X, size_t B, unsigned seed)
{
    nn_rng r;
    nn_rng_seed(&r, seed, 9);
    for (size_t i = 0; i < B; i++)
        for (size_t j = 0; j < NF; j++)
            X[i * NF + j] = (nn_real)(nn_rng_uniform(&r) * (double)(i + 1) / (double)B);
}

static nn_augment strong(void)
{
    nn_augment a = nn_augment_defaults();
    a.transforms = NN_AUG_ALL, a.shift = 14, a.rotate = 180, a.alpha = 100;
    a.sigma = 0.5;
    return a;
}
/* <<test that augmented images stay in their frames and in [0,1]>> */
Test(augment, images_stay_in_their_frames_and_in_range)
{
    static nn_real buf[(BATCH + 2) * NF], work[4 * NF + 64];
    nn_real *X = buf + NF;
    nn_augment a = strong();
    cr_assert_leq(nn_augment_work(&a, NF), sizeof work / sizeof *work);
    for (size_t j = 0; j < (BATCH + 2) * NF; j++)
        buf[j] = 7;
    random_images(X, BATCH, 1);
    nn_rng r;
    nn_rng_seed(&r, 5, 5);
    for (int round = 0; round < 20; round++) {
        cr_assert_eq(nn_augment_batch(&a, BATCH, ROWS, COLS, X, work, &r), NN_OK);
        for (size_t i = 0; i < BATCH; i++)
            for (size_t j = 0; j < NF; j++) {
                nn_real v = X[i * NF + j];
                cr_assert(v >= 0 && v <= (nn_real)(i + 1) / BATCH,
                          "image %zu pixel %zu: %g", i, j, (double)v);
            }
    }
    for (size_t j = 0; j < NF; j++)
        cr_assert(buf[j] == 7 && buf[(BATCH + 1) * NF + j] == 7, "guard %zu", j);
}
/* <<test that zero sizes give the identity>> */
Test(augment, zero_sizes_give_the_identity)
{
    static nn_real X[BATCH * NF], Y[BATCH * NF], work[4 * NF + 64];
    nn_augment a = nn_augment_defaults();
    a.transforms = NN_AUG_ALL, a.shift = 0, a.rotate = 0, a.alpha = 0;
    random_images(X, BATCH, 2);
    memcpy(Y, X, sizeof X);
    nn_rng r;
    nn_rng_seed(&r, 5, 5);
    cr_assert_eq(nn_augment_batch(&a, BATCH, ROWS, COLS, X, work, &r), NN_OK);
    cr_assert(memcmp(X, Y, sizeof X) == 0);
}
/* <<test that a seed fixes the augmented images>> */
static void augment_with_seed(nn_real *X, unsigned seed)
{
    static nn_real work[4 * NF + 64];
    nn_augment a = nn_augment_defaults();
    a.transforms = NN_AUG_ALL;
    random_images(X, BATCH, 3);
    nn_rng r;
    nn_rng_seed(&r, seed, 1);
    cr_assert_eq(nn_augment_batch(&a, BATCH, ROWS, COLS, X, work, &r), NN_OK);
}

Test(augment, a_seed_fixes_the_images)
{
    static nn_real A[BATCH * NF], B[BATCH * NF], C[BATCH * NF];
    augment_with_seed(A, 11), augment_with_seed(B, 11), augment_with_seed(C, 12);
    cr_assert(memcmp(A, B, sizeof A) == 0);
    cr_assert(memcmp(A, C, sizeof A) != 0);
}
/* <<test that a shift moves a pixel exactly>> */
Test(augment, an_integer_shift_moves_a_pixel_exactly)
{
    static nn_real X[NF], work[4 * NF + 64];
    nn_augment a = nn_augment_defaults();
    a.transforms = NN_AUG_SHIFT, a.shift = 2;
    int seen[5][5] = { { 0 } };
    nn_rng r;
    nn_rng_seed(&r, 8, 8);
    for (int round = 0; round < 200; round++) {
        memset(X, 0, sizeof X);
        X[14 * COLS + 10] = 1;
        cr_assert_eq(nn_augment_batch(&a, 1, ROWS, COLS, X, work, &r), NN_OK);
        size_t lit = 0, at = 0;
        for (size_t j = 0; j < NF; j++) {
            cr_assert(X[j] == 0 || X[j] == 1, "pixel %zu is %g", j, (double)X[j]);
            if (X[j] == 1)
                lit++, at = j;
        }
        cr_assert_eq(lit, 1);
        long dr = (long)(at / COLS) - 14, dc = (long)(at % COLS) - 10;
        cr_assert(labs(dr) <= 2 && labs(dc) <= 2, "moved by %ld, %ld", dr, dc);
        seen[dr + 2][dc + 2]++;
    }
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
            cr_assert_gt(seen[i][j], 0, "shift %d, %d never drawn", i - 2, j - 2);
}
/* <<test that a rotation turns about the centre>> */
Test(augment, a_rotation_turns_about_the_centre)
{
    enum { S = 9 };
    nn_real X[S * S], work[4 * S * S + 64];
    nn_augment a = nn_augment_defaults();
    a.transforms = NN_AUG_ROTATE, a.rotate = 30;
    nn_rng r;
    nn_rng_seed(&r, 4, 4);
    for (int round = 0; round < 50; round++) {
        memset(X, 0, sizeof X);
        X[(S / 2) * S + S / 2] = 1;
        cr_assert_eq(nn_augment_batch(&a, 1, S, S, X, work, &r), NN_OK);
        cr_assert(X[(S / 2) * S + S / 2] == 1, "the centre moved");
        memset(X, 0, sizeof X);
        X[(S / 2) * S + S / 2 + 2] = 1;
        cr_assert_eq(nn_augment_batch(&a, 1, S, S, X, work, &r), NN_OK);
        double sum = 0;
        for (int j = 0; j < S * S; j++)
            sum += X[j];
        cr_assert(sum > 0.5 && sum < 1.5, "sum %g", sum);
    }
}
/* <<test the names and the checks of the augmentations>> */
Test(augment, names_parse_and_checks)
{
    unsigned t;
    cr_assert_eq(nn_augment_parse("shift,rotate,elastic", &t), NN_OK);
    cr_assert_eq(t, NN_AUG_ALL);
    cr_assert_eq(nn_augment_parse("elastic", &t), NN_OK);
    cr_assert_eq(t, NN_AUG_ELASTIC);
    cr_assert_eq(nn_augment_parse("shift,", &t), NN_EINVAL);
    cr_assert_eq(nn_augment_parse("", &t), NN_EINVAL);
    cr_assert_eq(nn_augment_parse("flip", &t), NN_EINVAL);
    cr_assert_str_eq(nn_augment_name(NN_AUG_ROTATE), "rotate");
    cr_assert_str_eq(nn_augment_name(3), "unknown");
    nn_augment a = nn_augment_defaults();
    cr_assert_null(nn_augment_check(&a, ROWS, COLS));
    a.shift = 15;
    cr_assert_not_null(nn_augment_check(&a, ROWS, COLS));
    a = nn_augment_defaults(), a.rotate = 181;
    cr_assert_not_null(nn_augment_check(&a, ROWS, COLS));
    a = nn_augment_defaults(), a.sigma = 0.1;
    cr_assert_not_null(nn_augment_check(&a, ROWS, COLS));
    a = nn_augment_defaults(), a.alpha = NAN;
    cr_assert_not_null(nn_augment_check(&a, ROWS, COLS));
    a = nn_augment_defaults(), a.transforms = 8;
    cr_assert_not_null(nn_augment_check(&a, ROWS, COLS));
    nn_real X[NF], work[4 * NF + 64];
    cr_assert_eq(nn_augment_batch(&a, 1, ROWS, COLS, X, work, NULL), NN_EINVAL);
}
/* <<test that augmentation leaves the data order unchanged>> */
static nn_net *images_net(const nn_augment *a, nn_rng *order, nn_status *st)
{
    nn_net *net;
    nn_rng r;
    nn_rng_seed(&r, 3, 5);
    const size_t sizes[] = { 16, 12, 3 };
    cr_assert_eq(nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 8, &r),
                 NN_OK);
    nn_dataset d;
    cr_assert_eq(nn_dataset_alloc(&d, 60, 4, 4, 3), NN_OK);
    for (size_t i = 0; i < d.n; i++) {
        d.labels[i] = (int)(i % 3);
        for (size_t j = 0; j < 16; j++)
            d.x[i * 16 + j] = (nn_real)(nn_rng_uniform(&r) * (j % 3 == i % 3));
    }
    /* <<train the image network for three shuffled epochs>> */
    nn_optim *opt;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    size_t np;
    nn_net_params(net, &np);
    cr_assert_eq(nn_optim_create(&opt, &oc, np), NN_OK);
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 3, cfg.batch = 8, cfg.augment = a;
    nn_rng_seed(order, 11, 1);
    *st = nn_train(net, opt, &cfg, &d, NULL, order, NULL);
    nn_optim_free(opt);
    nn_dataset_free(&d);
    return net;
}
/* <<test that augmentation leaves the data order unchanged>> */
Test(augment, training_sees_the_same_order_with_and_without)
{
    nn_augment zero = nn_augment_defaults(), real = nn_augment_defaults();
    zero.transforms = real.transforms = NN_AUG_ALL;
    zero.shift = 0, zero.rotate = 0, zero.alpha = 0;
    real.shift = 1, real.sigma = 1, real.alpha = 2;
    nn_rng o1, o2, o3;
    nn_status s1, s2, s3;
    nn_net *a = images_net(NULL, &o1, &s1), *b = images_net(&zero, &o2, &s2),
           *c = images_net(&real, &o3, &s3);
    cr_assert(s1 == NN_OK && s2 == NN_OK && s3 == NN_OK);
    size_t n1, n2, n3;
    nn_real *pa = nn_net_params(a, &n1), *pb = nn_net_params(b, &n2),
            *pc = nn_net_params(c, &n3);
    cr_assert(n1 == n2 && memcmp(pa, pb, n1 * sizeof *pa) == 0);
    cr_assert(memcmp(pa, pc, n1 * sizeof *pa) != 0, "the augmentation did nothing");
    cr_assert(o1.state == o3.state && o1.state == o2.state);
    nn_net_free(a), nn_net_free(b), nn_net_free(c);
    nn_augment bad = real;
    bad.shift = 3;                                  /* more than half of 4 */
    nn_net_free(images_net(&bad, &o1, &s1));
    cr_assert_eq(s1, NN_EINVAL);
}
/* <<test that k-fold splits partition the data>> */
static void check_folds(const nn_dataset *d)
{
    int seen[23] = { 0 };
    for (size_t k = 0; k < 5; k++) {
        nn_dataset tr, va;
        nn_real buf[2];
        cr_assert_eq(nn_dataset_fold(d, 5, k, &tr, &va), NN_OK);
        cr_assert(va.n == 4 || va.n == 5);
        cr_assert_eq(tr.n + va.n, 23);
        for (size_t i = 0; i < va.n; i++)
            seen[(int)nn_dataset_rows(&va, i, 1, buf)[0]]++;
        for (size_t i = 0, prev = 0; i < tr.n; i++) {
            size_t idx = (size_t)nn_dataset_rows(&tr, i, 1, buf)[0];
            cr_assert(i == 0 || idx > prev, "the training set is out of order");
            cr_assert_eq(tr.labels[i], (int)(idx % 3));
            prev = idx;
        }
        nn_dataset_free(&tr);
    }
    for (int i = 0; i < 23; i++)
        cr_assert_eq(seen[i], 1, "example %d is in %d folds", i, seen[i]);
}

Test(kfold, folds_partition_the_data)
{
    nn_dataset d, b;
    cr_assert_eq(nn_dataset_alloc(&d, 23, 1, 2, 3), NN_OK);
    cr_assert_eq(nn_dataset_alloc_bytes(&b, 23, 1, 2, 3), NN_OK);
    for (size_t i = 0; i < 23; i++) {
        d.x[2 * i] = (nn_real)i, d.x[2 * i + 1] = 0, d.labels[i] = (int)(i % 3);
        b.x8[2 * i] = (unsigned char)i, b.x8[2 * i + 1] = 0, b.labels[i] = (int)(i % 3);
    }
    check_folds(&d), check_folds(&b);
    nn_dataset tr, va;
    cr_assert_eq(nn_dataset_fold(&d, 1, 0, &tr, &va), NN_EINVAL);
    cr_assert_eq(nn_dataset_fold(&d, 5, 5, &tr, &va), NN_EINVAL);
    cr_assert_eq(nn_dataset_fold(&d, 24, 0, &tr, &va), NN_EINVAL);
    double v[] = { 1, 2, 3, 4 }, m, s;
    nn_mean_spread(4, v, &m, &s);
    cr_assert_float_eq(m, 2.5, 1e-12);
    cr_assert_float_eq(s, sqrt(5.0 / 3.0), 1e-12);
    nn_mean_spread(1, v, &m, &s);
    cr_assert(m == 1 && s == 0);
    nn_dataset_free(&d), nn_dataset_free(&b);
}

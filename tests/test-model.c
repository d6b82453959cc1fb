/* Tangled from book/a1-300-trainer.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <criterion/criterion.h>
#include "nn-layer.h"
#include "temp-files.h"

/* <<helpers for the model tests>> */
static char *make_dir(char *dir)         /* dir has room for 32 characters */
{
    strcpy(dir, "/tmp/nn-model-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            remove(path);
        }
    if (d)
        closedir(d);
    rmdir(dir);
}
/* <<helpers for the model tests>> */
static unsigned char *read_all(const char *path, size_t *n, size_t room)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    rewind(f);
    unsigned char *b = calloc(*n + room, 1);
    cr_assert_eq(fread(b, 1, *n, f), *n);
    fclose(f);
    return b;
}

static void write_all(const char *path, const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(b, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
}
/* <<helpers for the model tests>> */
static nn_net *test_net(size_t hidden, nn_act act, uint64_t seed)
{
    const size_t sizes[] = { 5, hidden, 4, 3 };
    nn_rng r;
    nn_rng_seed(&r, seed, 7);
    nn_net *net;
    cr_assert_eq(nn_net_mlp(&net, 4, sizes, act, 8, &r), NN_OK);
    size_t n;
    nn_real *p = nn_net_params(net, &n);
    for (size_t i = 0; i < n; i++)
        p[i] += (nn_real)(0.1 * nn_rng_normal(&r));     /* biases too */
    return net;
}

static void predict(nn_net *net, nn_real *out)          /* 8 x 3 outputs */
{
    nn_real X[8 * 5];
    for (int i = 0; i < 8 * 5; i++)
        X[i] = (nn_real)(0.37 * i - 5);
    const nn_real *Y;
    cr_assert_eq(nn_net_forward(net, 8, X, 0, NULL, &Y), NN_OK);
    memcpy(out, Y, 8 * 3 * sizeof *Y);
}
/* <<helpers for the model tests>> */
static nn_net *every_kind_net(nn_act act)   /* 5-6-4-3 with every kind */
{
    const size_t sizes[] = { 5, 6, 4, 3 };
    const nn_norm norms[] = { NN_NORM_BATCH, NN_NORM_LAYER };
    nn_rng r;
    nn_rng_seed(&r, 3, 7);
    nn_net *net;
    cr_assert_eq(nn_net_mlp_norm(&net, 4, sizes, norms, act, NN_INIT_HE_NORMAL, 0.25,
                                 8, &r), NN_OK);
    size_t n;
    nn_real *p = nn_net_params(net, &n);
    for (size_t i = 0; i < n; i++)
        p[i] += (nn_real)(0.1 * nn_rng_normal(&r));
    p = nn_net_state(net, &n);
    for (size_t i = 0; i < n; i++)
        p[i] += (nn_real)(0.1 * nn_rng_normal(&r));
    return net;
}
/* <<helpers for the model tests>> */
static void add_dense(nn_net *net, size_t n_in, size_t n_out)
{
    nn_layer *l;
    cr_assert_eq(nn_layer_dense(&l, n_in, n_out, NN_INIT_HE_NORMAL), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
}

static void add_act(nn_net *net, size_t n, nn_act f)
{
    nn_layer *l;
    cr_assert_eq(nn_layer_act(&l, n, f), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
}
/* <<helpers for the model tests>> */
static nn_net *residual_test_net(nn_act_kind post, uint64_t seed)
{
    nn_net *net, *F;
    nn_layer *l;
    nn_act elu = nn_act_default(NN_ACT_ELU), after = nn_act_default(post);
    elu.alpha = 0.5;
    cr_assert_eq(nn_net_create(&net, 5), NN_OK);
    add_dense(net, 5, 4), add_act(net, 4, elu);
    cr_assert_eq(nn_net_create(&F, 4), NN_OK);
    add_dense(F, 4, 6), add_act(F, 6, nn_act_default(NN_ACT_RELU)), add_dense(F, 6, 3);
    cr_assert_eq(nn_layer_residual(&l, F, &after, NN_INIT_HE_NORMAL, 1), NN_OK);
    cr_assert_eq(nn_net_add(net, l), NN_OK);
    add_dense(net, 3, 3);
    cr_assert_eq(nn_net_build(net, 8), NN_OK);
    /* <<draw the test network's parameters and move them off their start>> */
    nn_rng r;
    nn_rng_seed(&r, seed, 7);
    nn_net_init_params(net, &r);
    size_t n;
    nn_real *p = nn_net_params(net, &n);
    for (size_t i = 0; i < n; i++)
        p[i] += (nn_real)(0.1 * nn_rng_normal(&r));         /* biases too */
    return net;
}
/* <<helpers for the model tests>> */
static void predict3(nn_net *net, nn_real *out)         /* 8 x 2 outputs */
{
    nn_real X[8 * 3];
    for (int i = 0; i < 8 * 3; i++)
        X[i] = (nn_real)(0.29 * i - 3);
    const nn_real *Y;
    cr_assert_eq(nn_net_forward(net, 8, X, 0, NULL, &Y), NN_OK);
    memcpy(out, Y, 8 * 2 * sizeof *Y);
}
/* <<test the CRC-32>> */
Test(model, crc32_has_the_published_check_value)
{
    cr_assert_eq(nn_crc32(0, "123456789", 9), 0xCBF43926u);
    cr_assert_eq(nn_crc32(0, "", 0), 0u);
}

Test(model, crc32_agrees_with_zlib_and_continues)
{
    unsigned char b[10007];
    nn_rng r;
    nn_rng_seed(&r, 5, 5);
    for (size_t i = 0; i < sizeof b; i++)
        b[i] = (unsigned char)nn_rng_u32(&r);
    uint32_t ours = nn_crc32(0, b, sizeof b);
    cr_assert_eq(ours, (uint32_t)crc32(0, b, sizeof b));
    cr_assert_eq(nn_crc32(nn_crc32(0, b, 1000), b + 1000, sizeof b - 1000), ours);
    for (int t = 0; t < 100; t++) {
        size_t first = nn_rng_below(&r, 64), n = nn_rng_below(&r, 4096);
        uint32_t seed = nn_rng_u32(&r);
        cr_assert_eq(nn_crc32(seed, b + first, n),
                     (uint32_t)crc32(seed, b + first, (uInt)n),
                     "from %zu, %zu bytes, after %08x", first, n, (unsigned)seed);
    }
}
/* <<test that a saved model predicts as the original>> */
Test(model, round_trip_gives_bit_identical_predictions)
{
    char dir[32], path[64];
    snprintf(path, sizeof path, "%s/m.nnm", make_dir(dir));
    nn_act leaky = nn_act_default(NN_ACT_LEAKY_RELU);
    leaky.alpha = 0.2;
    nn_net *a = test_net(7, leaky, 1), *b, *c = test_net(7, leaky, 2);
    nn_real ya[24], yb[24], yc[24];
    predict(a, ya);
    nn_error e;
    cr_assert_eq(nn_model_save(a, path, &e), NN_OK, "%s", e.msg);
    cr_assert_eq(nn_model_load(&b, path, 16, &e), NN_OK, "%s", e.msg);
    cr_assert_eq(nn_net_max_batch(b), 16);
    predict(b, yb);
    cr_assert_eq(memcmp(ya, yb, sizeof ya), 0, "predictions differ");
    cr_assert_eq(nn_model_load_into(c, path, &e), NN_OK, "%s", e.msg);
    predict(c, yc);
    cr_assert_eq(memcmp(ya, yc, sizeof ya), 0, "predictions differ");
    nn_net_free(a), nn_net_free(b), nn_net_free(c);
    remove_dir(dir);
}
/* <<test that every registered kind of layer round-trips>> */
Test(model, every_registered_kind_is_unique_and_round_trips)
{
    for (size_t k = 0; k < nn_layer_n_kinds; k++) {
        const nn_layer_ops *ops = nn_layer_kinds[k];
        cr_assert_leq(strlen(ops->kind), NN_LAYER_NAME_BYTES, "%s", ops->kind);
        cr_assert_eq(nn_layer_kind(ops->kind), ops, "%s is listed twice", ops->kind);
        cr_assert(ops->check && ops->rebuild, "%s cannot be loaded", ops->kind);
    }
    cr_assert_null(nn_layer_kind("no such kind"));
    /* <<save and load a network with a layer of every kind>> */
    char dir[32], path[64];
    snprintf(path, sizeof path, "%s/m.nnm", make_dir(dir));
    nn_act elu = nn_act_default(NN_ACT_ELU);
    elu.alpha = 0.5;
    unsigned covered = 0;
    for (int which = 0; which < 2; which++) {
        nn_net *a = which ? residual_test_net(NN_ACT_TANH, 3) : every_kind_net(elu), *b;
        nn_error e;
        cr_assert_eq(nn_model_save(a, path, &e), NN_OK, "%s", e.msg);
        cr_assert_eq(nn_model_load(&b, path, 8, &e), NN_OK, "%s", e.msg);
        for (size_t i = 0; i < nn_net_n_layers(a); i++) {
            const nn_layer *la = nn_net_layer(a, i), *lb = nn_net_layer(b, i);
            cr_assert_eq(la->ops, lb->ops, "layer %zu changed its kind", i);
            for (size_t k = 0; k < nn_layer_n_kinds; k++)
                covered |= (la->ops == nn_layer_kinds[k]) << k;
        }
        nn_real ya[24], yb[24];
        predict(a, ya), predict(b, yb);
        cr_assert_eq(memcmp(ya, yb, sizeof ya), 0, "predictions differ");
        nn_net_free(a), nn_net_free(b);
    }
    cr_assert_eq(covered, (1u << nn_layer_n_kinds) - 1, "a kind is not in the test");
    remove_dir(dir);
}
/* <<test that bad model files get their errors>> */
typedef unsigned char u8;

static void set32(u8 *b, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        b[k] = (unsigned char)(v >> 8 * k);
}

static void fix_crcs(unsigned char *b, size_t n)     /* as a writer would */
{
    set32(b + 28, nn_crc32(0, b, 28));
    set32(b + n - 4, nn_crc32(0, b + 32, n - 36));
}
/* <<test that bad model files get their errors>> */
static void emptied(u8 *b, size_t *n) { (void)b, *n = 0; }
static void a_picture(u8 *b, size_t *n) { memcpy(b, "P5 28 28 255\n", 13), (void)n; }
static void signature_only(u8 *b, size_t *n) { (void)b, *n = 6; }
static void cut_header(u8 *b, size_t *n) { (void)b, *n = 20; }
static void version_3(u8 *b, size_t *n) { set32(b + 8, 3), fix_crcs(b, *n); }
static void flip_length(u8 *b, size_t *n) { b[20] ^= 1, (void)n; }
static void width_3(u8 *b, size_t *n) { set32(b + 12, 3), fix_crcs(b, *n); }
static void cut_payload(u8 *b, size_t *n) { (void)b, *n -= 10; }
static void appended(u8 *b, size_t *n) { b[(*n)++] = '\n'; }
static void flip_param(u8 *b, size_t *n) { b[*n - 40] ^= 0x10; }
static void flip_trailer(u8 *b, size_t *n) { b[*n - 1] ^= 0x80; }
/* <<test that bad model files get their errors>> */
static void kind_conv(u8 *b, size_t *n) { memcpy(b + 56, "conv", 5), fix_crcs(b,*n); }
static void fn_swish(u8 *b, size_t *n) { memcpy(b + 176, "swish", 6), fix_crcs(b,*n);}
static void dense_wider(u8 *b, size_t *n) { b[56 + 40] = 8, fix_crcs(b, *n); }
static void act_wider(u8 *b, size_t *n)
{
    b[160 + 32] = b[160 + 40] = 8;
    fix_crcs(b, *n);
}
static void many_layers(u8 *b, size_t *n) { set32(b + 16, 1000000), fix_crcs(b, *n); }
static void more_params(u8 *b, size_t *n) { b[32 + 8] += 1, fix_crcs(b, *n); }
/* <<test that bad model files get their errors>> */
typedef struct bad_file {
    const char *name;
    void (*damage)(u8 *b, size_t *n);
    nn_status status;
    const char *says;
} bad_file;

static const bad_file bad_files[] = {
    { "empty", emptied, NN_EFORMAT, "empty file, not a model" },
    { "another format", a_picture, NN_EFORMAT, "not a model file" },
    { "only the signature", signature_only, NN_EFORMAT, "shorter than the 32-byte" },
    { "half a header", cut_header, NN_EFORMAT, "truncated: 20 bytes" },
    { "another version", version_3, NN_EFORMAT, "version 3; this library reads" },
    { "damaged header", flip_length, NN_EFORMAT, "the header's checksum" },
    { "impossible width", width_3, NN_EFORMAT, "scalar width 3" },
    { "cut short", cut_payload, NN_EFORMAT, "truncated" },
    { "something appended", appended, NN_EFORMAT, "something follows the model" },
    { "damaged parameter", flip_param, NN_EFORMAT, "checksum of the contents" },
    { "damaged trailer", flip_trailer, NN_EFORMAT, "checksum of the contents" },
    { "unknown layer", kind_conv, NN_EFORMAT, "unknown kind of layer" },
    { "unknown function", fn_swish, NN_EFORMAT, "unknown activation function" },
    { "inconsistent dense", dense_wider, NN_EFORMAT, "not those of a dense layer" },
    { "broken chain", act_wider, NN_EFORMAT, "does not take the previous width" },
    { "too many layers", many_layers, NN_EFORMAT, "do not fit in the payload" },
    { "sizes disagree", more_params, NN_EFORMAT, "do not fill the payload" },
};
/* <<test that bad model files get their errors>> */
static void expect_error(const char *path, nn_status status, const char *says,
                         const char *what)
{
    nn_net *net = (nn_net *)1;
    nn_error e = { NN_OK, "" };
    cr_expect_eq(nn_model_load(&net, path, 4, &e), status, "%s: %s", what, e.msg);
    cr_expect_null(net, "%s", what);
    cr_expect_eq(e.status, status, "%s", what);
    cr_expect_eq(strncmp(e.msg, path, strlen(path)), 0, "%s: %s", what, e.msg);
    cr_expect_not_null(strstr(e.msg, says), "%s: '%s' lacks '%s'", what, e.msg, says);
    fprintf(stderr, "model file %s: %s\n", what, e.msg);
}
/* <<test that bad model files get their errors>> */
Test(model, every_bad_file_gets_its_error)
{
    char dir[32], good[64], bad[64];
    make_dir(dir);
    snprintf(good, sizeof good, "%s/good.nnm", dir);
    snprintf(bad, sizeof bad, "%s/bad.nnm", dir);
    nn_net *net = test_net(7, nn_act_default(NN_ACT_RELU), 3);
    cr_assert_eq(nn_model_save(net, good, NULL), NN_OK);
    size_t n0, n;
    unsigned char *b0 = read_all(good, &n0, 0);
    for (size_t k = 0; k < sizeof bad_files / sizeof *bad_files; k++) {
        unsigned char *b = calloc(n0 + 16, 1);
        memcpy(b, b0, n = n0);
        bad_files[k].damage(b, &n);
        write_all(bad, b, n);
        expect_error(bad, bad_files[k].status, bad_files[k].says, bad_files[k].name);
        free(b);
    }
    expect_error(dir, NN_EIO, "is a directory", "a directory");
    snprintf(bad, sizeof bad, "%s/missing.nnm", dir);
    expect_error(bad, NN_EIO, "cannot open: No such file", "a missing file");
    free(b0), nn_net_free(net);
    remove_dir(dir);
}
/* <<test that bad model files get their errors>> */
Test(model, saving_where_it_cannot_fails_with_a_message)
{
    nn_net *net = test_net(7, nn_act_default(NN_ACT_RELU), 3), *unbuilt;
    nn_error e;
    cr_assert_eq(nn_model_save(net, "/nonexistent-dir/m.nnm", &e), NN_EIO);
    cr_assert_not_null(strstr(e.msg, "/nonexistent-dir/m.nnm: cannot create"), "%s",
                       e.msg);
    cr_assert_not_null(strstr(e.msg, "No such file or directory"), "%s", e.msg);
    cr_assert_eq(nn_net_create(&unbuilt, 3), NN_OK);
    cr_assert_eq(nn_model_save(unbuilt, "/tmp/never.nnm", &e), NN_EINVAL);
    cr_assert_not_null(strstr(e.msg, "no built network"), "%s", e.msg);
    nn_net_free(net), nn_net_free(unbuilt);
}
/* <<test that a network of another architecture is refused>> */
static void expect_mismatch(const char *path, nn_net *net, const char *says)
{
    size_t n;
    nn_real *p = nn_net_params(net, &n), *before = malloc(n * sizeof *p);
    memcpy(before, p, n * sizeof *p);
    nn_error e;
    cr_expect_eq(nn_model_load_into(net, path, &e), NN_EINVAL, "%s", says);
    cr_expect_not_null(strstr(e.msg, says), "'%s' lacks '%s'", e.msg, says);
    cr_expect_eq(memcmp(p, before, n * sizeof *p), 0, "parameters changed");
    fprintf(stderr, "model mismatch: %s\n", e.msg);
    free(before);
    nn_net_free(net);
}
/* <<test that a network of another architecture is refused>> */
Test(model, another_architecture_is_refused)
{
    char dir[32], path[64];
    snprintf(path, sizeof path, "%s/m.nnm", make_dir(dir));
    nn_act leaky = nn_act_default(NN_ACT_LEAKY_RELU);
    leaky.alpha = 0.2;
    nn_net *net = test_net(7, leaky, 4), *shallow;
    cr_assert_eq(nn_model_save(net, path, NULL), NN_OK);
    expect_mismatch(path, test_net(8, leaky, 4),
                    "layer 0 is dense 5->7 in the file, dense 5->8 in the network");
    expect_mismatch(path, test_net(7, nn_act_default(NN_ACT_TANH), 4),
                    "layer 1 is activation leaky_relu(0.2, 1, 20) of 7 in the file, "
                    "activation tanh of 7 in the network");
    expect_mismatch(path, test_net(7, nn_act_default(NN_ACT_LEAKY_RELU), 4),
                    "activation leaky_relu of 7 in the network");
    const size_t sizes[] = { 5, 3 };
    cr_assert_eq(nn_net_mlp(&shallow, 2, sizes, leaky, 4, NULL), NN_OK);
    expect_mismatch(path, shallow, "5 layers from 5 inputs in the file, 1 from 5");
    nn_net_free(net);
    remove_dir(dir);
}
/* <<test both scalar widths with a writer of the test's own>> */
static size_t tiny_model(unsigned char *b, unsigned w, const double *params)
{
    size_t P = 24 + 2 * 104 + 6 * w, n = 32 + P + 4;
    memset(b, 0, n);
    memcpy(b, "\x89NNM\r\n\x1a\n", 8);
    set32(b + 8, 2), set32(b + 12, w), set32(b + 16, 2), set32(b + 20, (uint32_t)P);
    unsigned char *p = b + 32;
    p[0] = 2, p[8] = 6;                              /* 2 inputs, 6 parameters */
    memcpy(p + 24, "dense", 5);
    p[24 + 32] = 2, p[24 + 40] = 2, p[24 + 48] = 6;  /* 2 -> 2, 6 parameters */
    memcpy(p + 128, "activation", 10), memcpy(p + 144, "tanh", 4);
    p[128 + 32] = 2, p[128 + 40] = 2;
    for (int i = 0; i < 6; i++) {
        float f = (float)params[i];
        double d = params[i];
        memcpy(p + 232 + i * w, w == 4 ? (void *)&f : (void *)&d, w);  /* x86: LE */
    }
    fix_crcs(b, n);
    return n;
}
/* <<test both scalar widths with a writer of the test's own>> */
Test(model, both_scalar_widths_load_or_are_refused_clearly)
{
    const double params[6] = { 0.5, -1.25, 2, 0.75, 0.125, -0.5 };
    char dir[32], path[64];
    snprintf(path, sizeof path, "%s/tiny.nnm", make_dir(dir));
    unsigned char b[512];
    for (unsigned w = 4; w <= 8; w += 4) {
        write_all(path, b, tiny_model(b, w, params));
        nn_net *net;
        nn_error e;
        nn_status s = nn_model_load(&net, path, 1, &e);
        if (w > sizeof(nn_real)) {
            cr_assert_eq(s, NN_EFORMAT);
            cr_assert_not_null(strstr(e.msg, "double-precision"), "%s", e.msg);
            continue;
        }
        cr_assert_eq(s, NN_OK, "width %u: %s", w, e.msg);
        /* <<check the tiny model's parameters and output>> */
        size_t n;
        const nn_real *p = nn_net_params(net, &n), X[2] = { 1, 2 }, *Y;
        cr_assert_eq(n, 6);
        for (int i = 0; i < 6; i++)
            cr_assert_eq(p[i], (nn_real)params[i], "parameter %d", i);
        cr_assert_eq(nn_net_forward(net, 1, X, 0, NULL, &Y), NN_OK);
        cr_assert_float_eq(Y[0], tanh(4.625), 1e-6);
        cr_assert_float_eq(Y[1], tanh(-0.25), 1e-6);
        nn_net_free(net);
    }
    remove_dir(dir);
}
/* <<test residual networks in model files>> */
Test(model, a_residual_network_round_trips)
{
    char dir[32], path[64];
    snprintf(path, sizeof path, "%s/res.nnm", make_dir(dir));
    nn_net *a = residual_test_net(NN_ACT_TANH, 5), *b;
    nn_error e;
    cr_assert_eq(nn_model_save(a, path, &e), NN_OK, "%s", e.msg);
    cr_assert_eq(nn_model_load(&b, path, 8, &e), NN_OK, "%s", e.msg);
    nn_real ya[24], yb[24];
    predict(a, ya), predict(b, yb);
    cr_assert_eq(memcmp(ya, yb, sizeof ya), 0, "predictions differ");
    nn_net_free(b);
    b = residual_test_net(NN_ACT_TANH, 6);
    cr_assert_eq(nn_model_load_into(b, path, &e), NN_OK, "%s", e.msg);
    predict(b, yb);
    cr_assert_eq(memcmp(ya, yb, sizeof ya), 0, "predictions differ after load_into");
    expect_mismatch(path, residual_test_net(NN_ACT_RELU, 5), "layer 2 is residual "
                    "4->3 of 4 records then tanh in the file, residual 4->3 of 4 "
                    "records then relu in the network");
    nn_net_free(a), nn_net_free(b);
    remove_dir(dir);
}
/* <<test residual networks in model files>> */
static void set64(u8 *b, uint64_t v)
{
    for (int k = 0; k < 8; k++)
        b[k] = (unsigned char)(v >> 8 * k);
}

static void block_overruns(u8 *b, size_t *n) { set64(b + 360, 6), fix_crcs(b, *n); }
static void inner_overruns(u8 *b, size_t *n) { set64(b + 464, 4), fix_crcs(b, *n); }
static void block_sizes(u8 *b, size_t *n) { b[312] += 1, fix_crcs(b, *n); }
/* <<test residual networks in model files>> */
static const bad_file bad_nestings[] = {
    { "block overruns the file", block_overruns, NN_EFORMAT,
      "layer 2 (residual) holds 6 inner records, but only 5 follow in the file" },
    { "inner record overruns its block", inner_overruns, NN_EFORMAT,
      "layer 3 (dense) holds 4 inner records, but only 3 follow in its block" },
    { "block does not add up", block_sizes, NN_EFORMAT,
      "its inner layers do not add up to its sizes" },
};
/* <<test residual networks in model files>> */
static size_t nested_too_deep(u8 *b)
{
    enum { R = 10 };
    size_t P = 24 + R * 104, n = 32 + P + 4;
    memset(b, 0, n);
    memcpy(b, "\x89NNM\r\n\x1a\n", 8);
    set32(b + 8, 2), set32(b + 12, 4), set32(b + 16, R), set32(b + 20, (uint32_t)P);
    b[32] = 1;                                          /* one input */
    for (int k = 0; k < R; k++) {
        u8 *rec = b + 56 + 104 * k;
        memcpy(rec, "residual", 8);
        rec[32] = rec[40] = 1, rec[96] = (u8)(R - 1 - k);
    }
    fix_crcs(b, n);
    return n;
}
/* <<test residual networks in model files>> */
Test(model, damaged_nesting_gets_its_error)
{
    char dir[32], good[64], bad[64];
    make_dir(dir);
    snprintf(good, sizeof good, "%s/good.nnm", dir);
    snprintf(bad, sizeof bad, "%s/bad.nnm", dir);
    nn_net *net = residual_test_net(NN_ACT_TANH, 3);
    cr_assert_eq(nn_model_save(net, good, NULL), NN_OK);
    size_t n0, n;
    unsigned char *b0 = read_all(good, &n0, 0), b[2048];
    cr_assert_eq(n0, 32 + 24 + 8 * 104 + nn_net_n_params(net) * sizeof(nn_real) + 4);
    for (size_t k = 0; k < sizeof bad_nestings / sizeof *bad_nestings; k++) {
        memcpy(b, b0, n = n0);
        bad_nestings[k].damage(b, &n);
        write_all(bad, b, n);
        expect_error(bad, bad_nestings[k].status, bad_nestings[k].says,
                     bad_nestings[k].name);
    }
    write_all(bad, b, nested_too_deep(b));
    expect_error(bad, NN_EFORMAT, "layer 8 (residual) nests layers deeper than 8",
                 "nested too deep");
    free(b0), nn_net_free(net);
    remove_dir(dir);
}
/* <<test that a version-1 file still loads>> */
static const char *const v1_model_hex[] = {
    "894e4e4d0d0a1a0a010000000400000003000000a0010000000000009b3af00f03000000",
    "000000001a00000000000000000000000000000064656e73650000000000000000000000",
    "000000000000000000000000000000000300000000000000040000000000000010000000",
    "000000000000000000000000000000000000000000000000000000000000000000000000",
    "000000000000000061637469766174696f6e00000000000074616e680000000000000000",
    "000000000400000000000000040000000000000000000000000000000000000000000000",
    "000000000000f03f000000000000f03f0000000000003440000000000000000064656e73",
    "650000000000000000000000000000000000000000000000000000000400000000000000",
    "02000000000000000a000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000020bf0000803e000080be0000203f",
    "0000003e0000c0be0000003f00000000000000bf0000c03e000000be000020bf0000803e",
    "000080be0000203f0000003e0000c0be0000003f00000000000000bf0000c03e000000be",
    "000020bf0000803e000080be0000203fda8ed443",
};
/* <<test that a version-1 file still loads>> */
static size_t v1_model(u8 *b)
{
    size_t n = 0;
    for (size_t k = 0; k < sizeof v1_model_hex / sizeof *v1_model_hex; k++)
        for (const char *h = v1_model_hex[k]; *h; h += 2) {
            unsigned v;
            cr_assert_eq(sscanf(h, "%2x", &v), 1);
            b[n++] = (u8)v;
        }
    return n;
}
/* <<test that a version-1 file still loads>> */
Test(model, a_version_1_file_still_loads)
{
    char dir[32], path[64], again[64];
    snprintf(path, sizeof path, "%s/v1.nnm", make_dir(dir));
    snprintf(again, sizeof again, "%s/v2.nnm", dir);
    u8 b[512], *c;
    size_t n = v1_model(b), m;
    cr_assert_eq(n, 452);
    write_all(path, b, n);
    nn_net *net, *hand, *back;
    nn_error e;
    cr_assert_eq(nn_model_load(&net, path, 8, &e), NN_OK, "%s", e.msg);
    /* <<build the version-1 network by hand and compare>> */
    const size_t sizes[] = { 3, 4, 2 };
    cr_assert_eq(nn_net_mlp(&hand, 3, sizes, nn_act_default(NN_ACT_TANH), 8, NULL),
                 NN_OK);
    size_t np;
    nn_real *p = nn_net_params(net, &np), *q = nn_net_params(hand, &np);
    cr_assert_eq(np, 26);
    for (size_t i = 0; i < np; i++) {
        float f;
        memcpy(&f, b + 344 + 4 * i, 4);                  /* x86: little-endian */
        cr_assert(p[i] == (nn_real)f, "parameter %zu", i);
        q[i] = (nn_real)f;
    }
    nn_real y[2][16];
    predict3(net, y[0]), predict3(hand, y[1]);
    cr_assert_eq(memcmp(y[0], y[1], sizeof y[0]), 0, "predictions");
    cr_assert_eq(nn_model_save(net, again, &e), NN_OK, "%s", e.msg);
    c = read_all(again, &m, 0);
    cr_assert(c[8] == 2 && m == n + 3 * 8 + 26 * (sizeof(nn_real) - 4), "%zu bytes", m);
    cr_assert_eq(nn_model_load(&back, again, 8, &e), NN_OK, "%s", e.msg);
    predict3(back, y[1]);
    cr_assert_eq(memcmp(y[0], y[1], sizeof y[0]), 0, "version 2's predictions");
    free(c), nn_net_free(net), nn_net_free(hand), nn_net_free(back);
    remove_dir(dir);
}
/* <<test that an interrupted save keeps the previous model>> */
static void die_now(const char *tmp, void *ctx)
{
    (void)tmp, (void)ctx;
    raise(SIGKILL);
}
/* <<test that an interrupted save keeps the previous model>> */
Test(model, a_crash_before_the_rename_keeps_the_previous_model)
{
    char dir[32], path[64];
    snprintf(path, sizeof path, "%s/m.nnm", make_dir(dir));
    nn_net *old = test_net(7, nn_act_default(NN_ACT_RELU), 5), *loaded;
    nn_real y_old[24], y[24];
    predict(old, y_old);
    cr_assert_eq(nn_model_save(old, path, NULL), NN_OK);
    pid_t pid = fork();
    if (pid == 0) {
        nn_net *new_net = test_net(7, nn_act_default(NN_ACT_RELU), 6);
        nn_model_save_hooked(new_net, path, die_now, NULL, NULL);
        _exit(0);                       /* not reached: the hook kills us */
    }
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    cr_assert_eq(count_temporaries(dir), 1, "the crash left no temporary file");
    cr_assert_eq(nn_model_load(&loaded, path, 8, NULL), NN_OK);
    predict(loaded, y);
    cr_assert_eq(memcmp(y, y_old, sizeof y), 0, "the old model was damaged");
    nn_net_free(old), nn_net_free(loaded);
    remove_dir(dir);
}
/* <<test that an interrupted save keeps the previous model>> */
Test(model, a_save_killed_at_any_moment_leaves_a_whole_model)
{
    char dir[32], path[64];
    snprintf(path, sizeof path, "%s/m.nnm", make_dir(dir));
    nn_net *a = test_net(64, nn_act_default(NN_ACT_RELU), 7),
           *b = test_net(64, nn_act_default(NN_ACT_RELU), 8), *loaded;
    nn_real ya[24], yb[24], y[24];
    predict(a, ya), predict(b, yb);
    cr_assert_eq(nn_model_save(a, path, NULL), NN_OK);
    for (int round = 0; round < 5; round++) {
        pid_t pid = fork();
        if (pid == 0)
            for (;;)
                nn_model_save(a, path, NULL), nn_model_save(b, path, NULL);
        struct timespec t = { 0, (1 + 3 * round) * 1000000L };
        nanosleep(&t, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        nn_error e;
        cr_assert_eq(nn_model_load(&loaded, path, 8, &e), NN_OK, "%s", e.msg);
        predict(loaded, y);
        cr_assert(memcmp(y, ya, sizeof y) == 0 || memcmp(y, yb, sizeof y) == 0);
        nn_net_free(loaded);
    }
    nn_net_free(a), nn_net_free(b);
    remove_dir(dir);
}

/* Tangled from book/a2-330-robust.nw by 'make tangle'. Edit the book, not this file. */
/* The table of bad inputs, shared by tests/test-bad-input.c, the program
   robust-bad-inputs and the fuzz targets.  Not part of libnn. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "nn.h"
#include "bad-inputs.h"

/* <<small IDX files in memory>> */
static void bi_put32(bi_bytes *f, unsigned long v)
{
    for (int s = 24; s >= 0; s -= 8)
        f->b[f->n++] = (unsigned char)(v >> s);
}

bi_bytes bi_images(unsigned long n, unsigned long rows,
                   unsigned long cols)
{
    bi_bytes f = { .n = 0 };
    bi_put32(&f, 0x803), bi_put32(&f, n), bi_put32(&f, rows), bi_put32(&f, cols);
    for (unsigned long k = 0; k < n * rows * cols && f.n < sizeof f.b; k++)
        f.b[f.n++] = (unsigned char)(k * 97 % 256);
    return f;
}

bi_bytes bi_labels(unsigned long n)
{
    bi_bytes f = { .n = 0 };
    bi_put32(&f, 0x801), bi_put32(&f, n);
    for (unsigned long i = 0; i < n && f.n < sizeof f.b; i++)
        f.b[f.n++] = (unsigned char)(i % 3);
    return f;
}
/* <<small IDX files in memory>> */
size_t bi_gzip(const unsigned char *in, size_t n, unsigned char *out,
               size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return 0;
    z.next_in = (unsigned char *)in, z.avail_in = (uInt)n;
    z.next_out = out, z.avail_out = (uInt)cap;
    int r = deflate(&z, Z_FINISH);
    size_t len = cap - z.avail_out;
    deflateEnd(&z);
    return r == Z_STREAM_END ? len : 0;
}
/* <<write and damage the files of a bad input>> */
const char *bi_path(char *buf, const char *dir, const char *name)
{
    snprintf(buf, 512, "%s%s%s", dir, *dir ? "/" : "", name);
    return buf;
}

int bi_write(const char *dir, const char *name, const void *b, size_t n)
{
    char path[512];
    FILE *f = fopen(bi_path(path, dir, name), "wb");
    int ok = f && fwrite(b, 1, n, f) == n;
    return (f && fclose(f) == 0 && ok) ? 0 : -1;
}

static int bi_good_files(const char *dir)
{
    bi_bytes im = bi_images(3, 2, 2), lb = bi_labels(3);
    const size_t sizes[] = { 2, 3, 2 };
    char path[512];
    nn_rng rng;
    nn_net *net;
    nn_rng_seed(&rng, 10, 1);
    if (bi_write(dir, "images", im.b, im.n) || bi_write(dir, "labels", lb.b, lb.n)
        || nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 4, &rng) != NN_OK)
        return -1;
    nn_status s = nn_model_save(net, bi_path(path, dir, "model.nnm"), NULL);
    nn_net_free(net);
    return s == NN_OK ? 0 : -1;
}
/* <<write and damage the files of a bad input>> */
static int bi_edit_model(const char *dir, long cut, long flip, int version)
{
    static unsigned char b[4096];
    char path[512];
    FILE *f = fopen(bi_path(path, dir, "model.nnm"), "rb");
    size_t n = f ? fread(b, 1, sizeof b, f) : 0;
    if (!f || fclose(f) != 0 || n < 64)
        return -1;
    if (version) {
        b[8] = (unsigned char)version;
        uint32_t crc = nn_crc32(0, b, 28);
        for (int k = 0; k < 4; k++)
            b[28 + k] = (unsigned char)(crc >> 8 * k);
    }
    if (flip)
        b[flip] ^= 0x40;
    return bi_write(dir, "model.nnm", b, n - (size_t)cut);
}
/* <<write and damage the files of a bad input>> */
static int bi_none(const char *dir) { (void)dir; return 0; }

static int bi_empty(const char *dir)
{
    return bi_write(dir, "images", "", 0);
}

static int bi_cut_header(const char *dir)
{
    bi_bytes f = bi_images(3, 2, 2);
    return bi_write(dir, "images", f.b, 10);
}

static int bi_cut_data(const char *dir)
{
    bi_bytes f = bi_images(3, 2, 2);
    return bi_write(dir, "images", f.b, f.n - 5);
}

static int bi_bad_magic(const char *dir)
{
    bi_bytes f = bi_images(3, 2, 2);
    f.b[3] = 0x04;
    return bi_write(dir, "images", f.b, f.n);
}
/* <<write and damage the files of a bad input>> */
static int bi_overflow(const char *dir)
{
    bi_bytes f = { .n = 0 };
    bi_put32(&f, 0x803);
    for (int d = 0; d < 3; d++)
        bi_put32(&f, 0xffffffffUL);
    return bi_write(dir, "images", f.b, f.n);
}

static int bi_disagree(const char *dir)
{
    bi_bytes f = bi_labels(2);
    return bi_write(dir, "labels", f.b, f.n);
}
/* <<write and damage the files of a bad input>> */
static int bi_gzip_damaged(const char *dir)
{
    bi_bytes f = bi_images(3, 8, 8);
    unsigned char z[1024];
    size_t n = bi_gzip(f.b, f.n, z, sizeof z);
    if (n == 0)
        return -1;
    z[n / 2] ^= 0x40;
    return bi_write(dir, "images", z, n);
}

static int bi_folder(const char *dir)
{
    char path[512];
    return mkdir(bi_path(path, dir, "folder"), 0755);
}

static int bi_unreadable(const char *dir)
{
    char path[512];
    return chmod(bi_path(path, dir, "images"), 0);
}
/* <<write and damage the files of a bad input>> */
static int bi_model_empty(const char *dir)
{
    return bi_write(dir, "model.nnm", "", 0);
}

static int bi_model_version(const char *dir)
{
    return bi_edit_model(dir, 0, 0, 3);
}

static int bi_model_flip(const char *dir)
{
    return bi_edit_model(dir, 0, 32 + 40, 0);
}

static int bi_model_cut(const char *dir)
{
    return bi_edit_model(dir, 7, 0, 0);
}
/* <<write and damage the files of a bad input>> */
static void bi_le(unsigned char *b, uint64_t v, int bytes)
{
    for (int k = 0; k < bytes; k++)
        b[k] = (unsigned char)(v >> 8 * k);
}

static int bi_model_wide(const char *dir)
{
    enum { L = 40, P = 24 + 104 * L };
    static unsigned char b[32 + P + 4];
    memset(b, 0, sizeof b);
    memcpy(b, "\x89NNM\r\n\x1a\n", 8);
    bi_le(b + 8, 2, 4), bi_le(b + 12, 4, 4), bi_le(b + 16, L, 4), bi_le(b + 20, P, 8);
    bi_le(b + 28, nn_crc32(0, b, 28), 4);
    bi_le(b + 32, 1 << 24, 8);                          /* the input width */
    for (int i = 0; i < L; i++) {
        unsigned char *r = b + 32 + 24 + 104 * i;
        memcpy(r, "activation", 10), memcpy(r + 16, "relu", 4);
        bi_le(r + 32, 1 << 24, 8), bi_le(r + 40, 1 << 24, 8);
    }
    bi_le(b + 32 + P, nn_crc32(0, b + 32, P), 4);
    return bi_write(dir, "model.nnm", b, sizeof b);
}
/* <<the rows of the table of bad inputs>> */
const bad_input bad_inputs[] = {
    { "an empty file", bi_empty, BI_IDX, "images", 0, NN_EFORMAT,
      "@F: empty file", 0 },
    { "a header cut short", bi_cut_header, BI_IDX, "images", 0, NN_EFORMAT,
      "@F: truncated: the header has 10 of its 16 bytes", 0 },
    { "the data cut short", bi_cut_data, BI_IDX, "images", 0, NN_EFORMAT,
      "@F: truncated: 1 images of the 3 the header announces", 0 },
    { "a wrong magic number", bi_bad_magic, BI_IDX, "images", 0, NN_EFORMAT,
      "@F: not an IDX file of images: its magic number is 0x00000804, expected "
      "0x00000803", 0 },
    { "dimensions whose product overflows", bi_overflow, BI_IDX, "images", 0,
      NN_EFORMAT, "@F: dimensions 4294967295 x 4294967295 x 4294967295 are too "
      "large: their product overflows", 0 },
    { "image and label counts that disagree", bi_disagree, BI_IDX, "images", 0,
      NN_EFORMAT, "@F has 3 images but @L has 2 labels", 0 },
    { "a gzip stream corrupted midway", bi_gzip_damaged, BI_IDX, "images", 0,
      NN_EFORMAT, "@F: corrupted gzip data (@*)", 0 },
    /* <<more rows of the table of bad inputs>> */
    { "a directory", bi_folder, BI_IDX, "folder", 0, NN_EIO,
      "@F: is a directory, not an IDX file", 0 },
    { "a missing file", bi_none, BI_IDX, "no-such-file", 0, NN_EIO,
      "@F: cannot open: No such file or directory", 0 },
    { "an unreadable file", bi_unreadable, BI_IDX, "images", 0, NN_EIO,
      "@F: cannot open: Permission denied", 1 },
    /* <<rows of bad model files and bad numbers>> */
    { "an empty model file", bi_model_empty, BI_MODEL, "model.nnm", 0, NN_EFORMAT,
      "@F: empty file, not a model", 0 },
    { "a model file of another version", bi_model_version, BI_MODEL, "model.nnm", 0,
      NN_EFORMAT, "@F: model file version 3; this library reads versions up to 2", 0 },
    { "a model of another architecture", bi_none, BI_MODEL_INTO, "model.nnm", 0,
      NN_EINVAL, "@F: the network does not match the file: layer 0 is dense 2->3 in "
      "the file, dense 2->4 in the network", 0 },
    { "a model file with a bad checksum", bi_model_flip, BI_MODEL, "model.nnm", 0,
      NN_EFORMAT, "@F: corrupted: the checksum of the contents is @*, the file says @*",
      0 },
    { "a model file cut short", bi_model_cut, BI_MODEL, "model.nnm", 0, NN_EFORMAT,
      "@F: truncated: @* bytes of the @* the header announces", 0 },
    { "a model file that needs gigabytes", bi_model_wide, BI_MODEL, "model.nnm", 0,
      NN_EFORMAT, "@F: implausible: its layers keep 687865856 numbers per example "
      "in all, more than the 16777216 allowed", 0 },
    { "NaN among the inputs", bi_none, BI_TRAIN, "", NAN, NN_EINVAL,
      "nn_train: feature 2 of example 1 of the training set is nan; the inputs must "
      "be finite", 0 },
    { "an infinite input", bi_none, BI_TRAIN, "", INFINITY, NN_EINVAL,
      "nn_train: feature 2 of example 1 of the training set is inf; the inputs must "
      "be finite", 0 },
};
const size_t bi_n_rows = sizeof bad_inputs / sizeof bad_inputs[0];
/* <<run a loader on a bad input>> */
static nn_status bi_train(double poison, nn_error *err)
{
    const size_t sizes[] = { 4, 3 };
    nn_dataset d;
    nn_net *net = NULL;
    nn_optim *opt = NULL;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    nn_train_config cfg = nn_train_defaults();
    size_t np;
    nn_status s = nn_dataset_alloc(&d, 3, 2, 2, 3);
    for (size_t k = 0; s == NN_OK && k < 12; k++)
        d.x[k] = (nn_real)0.5, d.labels[k / 4] = (int)(k / 4);
    if (s == NN_OK)
        d.x[1 * 4 + 2] = (nn_real)poison;
    cfg.epochs = 1, cfg.batch = 3, cfg.shuffle = 0;
    if (s == NN_OK && (s = nn_net_mlp(&net, 2, sizes, nn_act_default(NN_ACT_RELU), 3,
                                      NULL)) == NN_OK
        && (nn_net_params(net, &np), s = nn_optim_create(&opt, &oc, np)) == NN_OK)
        s = nn_train(net, opt, &cfg, &d, NULL, NULL, err);
    nn_optim_free(opt), nn_net_free(net), nn_dataset_free(&d);
    return s;
}
/* <<run a loader on a bad input>> */
nn_status bi_run(const bad_input *row, const char *dir, nn_error *err)
{
    const size_t sizes[] = { 2, 4, 2 };
    char file[512], labels[512];
    nn_dataset d;
    nn_net *net = NULL;
    nn_status s;
    *err = (nn_error){ NN_OK, "" };
    if (bi_good_files(dir) != 0 || row->make(dir) != 0)
        return nn_error_set(err, NN_EIO, "%s: cannot write the row's files", dir);
    bi_path(file, dir, row->file), bi_path(labels, dir, "labels");
    if (row->loader == BI_IDX) {
        s = nn_idx_load(file, labels, 10, &d, err);
        nn_dataset_free(&d);
    } else if (row->loader == BI_MODEL) {
        s = nn_model_load(&net, file, 4, err);
    } else if (row->loader == BI_MODEL_INTO) {
        s = nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 4, NULL);
        s = s == NN_OK ? nn_model_load_into(net, file, err) : s;
    } else {
        s = bi_train(row->poison, err);
    }
    nn_net_free(net);
    return s;
}
/* <<run a loader on a bad input>> */
void bi_clean(const char *dir)
{
    const char *names[] = { "images", "labels", "model.nnm" };
    char path[512];
    for (int k = 0; k < 3; k++)
        remove(bi_path(path, dir, names[k]));
    rmdir(bi_path(path, dir, "folder"));
}
/* <<compare a message with the expected one>> */
static int bi_glob(const char *s, const char *p)
{
    if (p[0] == '@' && p[1] == '*') {
        for (;; s++) {
            if (bi_glob(s, p + 2))
                return 1;
            if (!*s)
                return 0;
        }
    }
    if (!*p)
        return !*s;
    return *s == *p && bi_glob(s + 1, p + 1);
}
/* <<compare a message with the expected one>> */
int bi_matches(const char *msg, const char *pattern, const char *file,
               const char *labels)
{
    char want[1024];
    size_t n = 0;
    for (const char *p = pattern; *p && n + 1 < sizeof want; p++) {
        const char *put = p[0] == '@' && p[1] == 'F' ? file
                        : p[0] == '@' && p[1] == 'L' ? labels : NULL;
        if (!put) {
            want[n++] = *p;
            continue;
        }
        for (p++; *put && n + 1 < sizeof want; put++)
            want[n++] = *put;
    }
    want[n] = '\0';
    return bi_glob(msg, want);
}

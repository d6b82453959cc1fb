/* Tangled from book/a1-200-learning.nw by 'make tangle'. Edit the book, not this file. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <criterion/criterion.h>
#include "nn.h"

/* <<write small IDX files for the tests>> */
enum { N_IMG = 5, IMG_ROWS = 4, IMG_COLS = 3 };
typedef struct blob { unsigned char b[4096]; size_t n; } blob;
static char tmp_dir[64];

static const char *in_dir(const char *name)
{
    static char path[2][512];
    static int which;
    which ^= 1;
    snprintf(path[which], sizeof path[which], "%s/%s", tmp_dir, name);
    return path[which];
}

static void make_dir(void)
{
    strcpy(tmp_dir, "/tmp/nn-test-data-XXXXXX");
    cr_assert_not_null(mkdtemp(tmp_dir));
}
/* <<write small IDX files for the tests>> */
static void remove_dir(void)
{
    DIR *d = opendir(tmp_dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            remove(in_dir(e->d_name));
    if (d)
        closedir(d);
    rmdir(tmp_dir);
}

static void put32(blob *f, unsigned long v)
{
    for (int s = 24; s >= 0; s -= 8)
        f->b[f->n++] = (unsigned char)(v >> s);
}

static unsigned char test_pixel(size_t k)
{
    return (unsigned char)((37 * k + 11) % 256);
}

static int test_label(size_t i)
{
    return (int)((3 * i + 1) % 10);
}
/* <<write small IDX files for the tests>> */
static blob images_blob(unsigned long n, unsigned long rows, unsigned long cols)
{
    blob f = { .n = 0 };
    put32(&f, 0x803), put32(&f, n), put32(&f, rows), put32(&f, cols);
    for (size_t k = 0; k < n * rows * cols && f.n < sizeof f.b; k++)
        f.b[f.n++] = test_pixel(k);
    return f;
}

static blob labels_blob(unsigned long n)
{
    blob f = { .n = 0 };
    put32(&f, 0x801), put32(&f, n);
    for (size_t i = 0; i < n; i++)
        f.b[f.n++] = (unsigned char)test_label(i);
    return f;
}
/* <<write small IDX files for the tests>> */
static void write_raw(const char *path, const blob *f)
{
    FILE *fp = fopen(path, "wb");
    cr_assert_not_null(fp, "cannot write %s", path);
    cr_assert_eq(fwrite(f->b, 1, f->n, fp), f->n);
    fclose(fp);
}

static void write_gz(const char *path, const blob *f, int level)
{
    char mode[4] = { 'w', 'b', (char)('0' + level), 0 };
    gzFile gz = gzopen(path, mode);
    cr_assert_not_null(gz, "cannot write %s", path);
    cr_assert_eq(gzwrite(gz, f->b, (unsigned)f->n), (int)f->n);
    cr_assert_eq(gzclose(gz), Z_OK);
}

static blob read_raw(const char *path)
{
    blob f = { .n = 0 };
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp);
    f.n = fread(f.b, 1, sizeof f.b, fp);
    fclose(fp);
    return f;
}
/* <<test that the loader reads good files exactly>> */
static void expect_test_data(const nn_dataset *d)
{
    cr_assert_eq(d->n, N_IMG);
    cr_assert_eq(d->rows, IMG_ROWS);
    cr_assert_eq(d->cols, IMG_COLS);
    cr_assert_eq(d->n_features, IMG_ROWS * IMG_COLS);
    cr_assert_eq(d->n_classes, 10);
    for (size_t k = 0; k < N_IMG * IMG_ROWS * IMG_COLS; k++)
        cr_assert_eq(d->x[k], (nn_real)test_pixel(k) / 255, "pixel %zu", k);
    for (size_t i = 0; i < N_IMG; i++)
        cr_assert_eq(d->labels[i], test_label(i), "label %zu", i);
}
/* <<test that the loader reads good files exactly>> */
Test(idx, reads_raw_and_gzipped_files_alike)
{
    make_dir();
    blob im = images_blob(N_IMG, IMG_ROWS, IMG_COLS), lb = labels_blob(N_IMG);
    write_raw(in_dir("im"), &im), write_raw(in_dir("lb"), &lb);
    write_gz(in_dir("im.gz"), &im, 6), write_gz(in_dir("lb.gz"), &lb, 9);
    const char *pairs[4][2] = { { "im", "lb" }, { "im.gz", "lb.gz" },
                                { "im", "lb.gz" }, { "im.gz", "lb" } };
    for (int p = 0; p < 4; p++) {
        nn_dataset d;
        nn_error err = { NN_OK, "" };
        char ip[256];
        strcpy(ip, in_dir(pairs[p][0]));
        cr_assert_eq(nn_idx_load(ip, in_dir(pairs[p][1]), 10, &d, &err), NN_OK,
                     "%s", err.msg);
        expect_test_data(&d);
        nn_dataset_free(&d);
        cr_assert_null(d.x);
    }
    remove_dir();
}
/* <<test that the loader reads good files exactly>> */
Test(idx, mnist_load_finds_raw_or_gzipped_files)
{
    make_dir();
    blob im = images_blob(N_IMG, IMG_ROWS, IMG_COLS), lb = labels_blob(N_IMG);
    write_raw(in_dir("train-images-idx3-ubyte"), &im);
    write_gz(in_dir("train-labels-idx1-ubyte.gz"), &lb, 6);
    write_raw(in_dir("train-labels-idx1-ubyte.gz.not"), &lb);
    nn_dataset d;
    nn_error err = { NN_OK, "" };
    cr_assert_eq(nn_mnist_load(tmp_dir, "train", &d, &err), NN_OK, "%s", err.msg);
    expect_test_data(&d);
    nn_dataset_free(&d);
    char want[512];
    snprintf(want, sizeof want, "%s: no such file, raw or with .gz",
             in_dir("t10k-images-idx3-ubyte"));
    cr_assert_eq(nn_mnist_load(tmp_dir, "t10k", &d, &err), NN_EIO);
    cr_assert_str_eq(err.msg, want);
    cr_assert_null(d.x);
    remove_dir();
}
/* <<test that the loader refuses bad files>> */
typedef struct file_spec {
    unsigned long magic, dims[3];   /* if magic != 0: this header instead */
    int cut, extra;         /* bytes removed from, or appended to, the content */
    int bad_label;          /* if nonzero: the label of example 3 */
    int gz;                 /* 0: raw; otherwise gzip at level gz - 1 */
    int gz_keep, gz_cut;    /* keep only the first gz_keep bytes; drop gz_cut */
    int gz_flip;            /* if nonzero: flip the bits of this byte */
    const char *text;       /* if set: the file holds this text instead */
} file_spec;

enum { NORMAL, SWAPPED, DIRECTORY, MISSING };

typedef struct bad_case {
    const char *name;
    file_spec   images, labels;
    int         paths;
    nn_status   status;
    const char *message;
} bad_case;
/* <<test that the loader refuses bad files>> */
static const bad_case bad_cases[] = {
    { "empty file", { .text = "" }, { 0 }, NORMAL, NN_EFORMAT, "@I: empty file" },
    { "truncated header", { .cut = 66 }, { 0 }, NORMAL, NN_EFORMAT,
      "@I: truncated: the header has 10 of its 16 bytes" },
    { "truncated images", { .cut = 5 }, { 0 }, NORMAL, NN_EFORMAT,
      "@I: truncated: 4 images of the 5 the header announces" },
    { "truncated labels", { 0 }, { .cut = 2 }, NORMAL, NN_EFORMAT,
      "@L: truncated: 3 labels of the 5 the header announces" },
    { "truncated gzip stream", { .gz = 1, .gz_keep = 61 }, { 0 }, NORMAL, NN_EFORMAT,
      "@I: truncated: 2 images of the 5 the header announces" },
    { "gzip stream without its checksum", { .gz = 1, .gz_cut = 8 }, { 0 }, NORMAL,
      NN_EFORMAT, "@I: truncated: the gzip stream ends before its checksum" },
    { "gzip stream corrupted midway", { .gz = 1, .gz_flip = 50 }, { 0 }, NORMAL,
      NN_EFORMAT, "@I: corrupted gzip data (incorrect data check)" },
    /* <<bad headers>> */
    { "wrong magic number", { .magic = 0x804, .dims = { 5, 4, 3 } }, { 0 }, NORMAL,
      NN_EFORMAT, "@I: not an IDX file of images: its magic number is 0x00000804,"
      " expected 0x00000803" },
    { "an HTML page", { .text = "<!DOCTYPE html><title>404 Not Found</title>" }, { 0 },
      NORMAL, NN_EFORMAT, "@I: not an IDX file of images: its magic number is"
      " 0x3c21444f, expected 0x00000803" },
    { "images and labels swapped", { 0 }, { 0 }, SWAPPED, NN_EFORMAT,
      "@I: holds labels (magic number 0x00000801), not images" },
    { "a zero dimension", { .magic = 0x803, .dims = { 5, 0, 3 } }, { 0 }, NORMAL,
      NN_EFORMAT, "@I: dimension 2 of the header is 0" },
    { "dimensions whose product overflows",
      { .magic = 0x803, .dims = { 4294967295, 4294967295, 4294967295 } }, { 0 },
      NORMAL, NN_EFORMAT, "@I: dimensions 4294967295 x 4294967295 x 4294967295 are"
      " too large: their product overflows" },
    /* <<bad sizes and disagreeing files>> */
    { "absurd dimensions, raw", { .magic = 0x803, .dims = { 60000, 28, 28 } }, { 0 },
      NORMAL, NN_EFORMAT, "@I: truncated: 0 images of the 60000 the header announces" },
    { "absurd dimensions, gzipped", { .magic = 0x803, .dims = { 60000, 28, 28 },
      .gz = 10 }, { 0 }, NORMAL, NN_EFORMAT, "@I: truncated or corrupted: the header"
      " announces 47040000 bytes, more than a gzip file of @S bytes can hold" },
    { "oversized raw file", { .extra = 3 }, { 0 }, NORMAL, NN_EFORMAT,
      "@I: oversized: 3 bytes follow the 5 images the header announces" },
    { "oversized gzip file", { .extra = 3, .gz = 7 }, { 0 }, NORMAL, NN_EFORMAT,
      "@I: oversized: data follow the 5 images the header announces" },
    { "counts that disagree", { 0 }, { .magic = 0x801, .dims = { 4 } }, NORMAL,
      NN_EFORMAT, "@I has 5 images but @L has 4 labels" },
    { "a label out of range", { 0 }, { .bad_label = 12 }, NORMAL, NN_EFORMAT,
      "@L: the label of example 3 is 12, outside 0 to 9" },
    /* <<bad paths>> */
    { "a directory", { 0 }, { 0 }, DIRECTORY, NN_EIO,
      "@I: is a directory, not an IDX file" },
    { "a missing file", { 0 }, { 0 }, MISSING, NN_EIO,
      "@I: cannot open: No such file or directory" },
};
/* <<test that the loader refuses bad files>> */
static blob build_file(const file_spec *s, int images)
{
    blob f = images ? images_blob(N_IMG, IMG_ROWS, IMG_COLS) : labels_blob(N_IMG);
    if (s->text) {
        f.n = strlen(s->text);
        memcpy(f.b, s->text, f.n);
    } else if (s->magic) {
        blob body = f;
        f.n = 0;
        put32(&f, s->magic);
        for (int d = 0; d < (images ? 3 : 1); d++)
            put32(&f, s->dims[d]);
        size_t skip = images ? 16 : 8, k = skip;
        size_t count = images ? N_IMG * IMG_ROWS * IMG_COLS : s->dims[0];
        while (k < body.n && k - skip < count)
            f.b[f.n++] = body.b[k++];
    }
    if (s->bad_label)
        f.b[8 + 3] = (unsigned char)s->bad_label;
    f.n -= (size_t)s->cut;
    for (int e = 0; e < s->extra; e++)
        f.b[f.n++] = 0;
    return f;
}
/* <<test that the loader refuses bad files>> */
static void write_spec(const char *path, const file_spec *s, int images)
{
    blob f = build_file(s, images);
    if (!s->gz) {
        write_raw(path, &f);
        return;
    }
    write_gz(path, &f, s->gz - 1);
    blob z = read_raw(path);
    if (s->gz_keep)
        z.n = (size_t)s->gz_keep;
    z.n -= (size_t)s->gz_cut;
    if (s->gz_flip)
        z.b[s->gz_flip] ^= 0xff;
    write_raw(path, &z);
}
/* <<test that the loader refuses bad files>> */
static void expand(char *out, size_t len, const char *fmt, const char *im,
                   const char *lb, long long size)
{
    size_t n = 0;
    for (const char *p = fmt; *p && n + 1 < len; p++) {
        char num[32];
        const char *put = NULL;
        if (p[0] == '@' && (p[1] == 'I' || p[1] == 'L' || p[1] == 'S')) {
            snprintf(num, sizeof num, "%lld", size);
            put = p[1] == 'I' ? im : p[1] == 'L' ? lb : num;
            p++;
        }
        for (; put && *put && n + 1 < len; put++)
            out[n++] = *put;
        if (!put)
            out[n++] = *p;
    }
    out[n] = '\0';
}
/* <<test that the loader refuses bad files>> */
Test(idx, refuses_bad_files_with_a_clear_message)
{
    for (size_t c = 0; c < sizeof bad_cases / sizeof bad_cases[0]; c++) {
        const bad_case *t = &bad_cases[c];
        make_dir();
        char im[256], lb[256], want[1024];
        strcpy(im, in_dir("images")), strcpy(lb, in_dir("labels"));
        write_spec(im, &t->images, 1), write_spec(lb, &t->labels, 0);
        /* <<choose the paths the row asks for>> */
        if (t->paths == SWAPPED) {
            char tmp[256];
            strcpy(tmp, im), strcpy(im, lb), strcpy(lb, tmp);
        } else if (t->paths == DIRECTORY) {
            strcpy(im, tmp_dir);
        } else if (t->paths == MISSING) {
            strcpy(im, in_dir("no-such-file"));
        }
        struct stat st;
        long long size = stat(im, &st) == 0 ? (long long)st.st_size : -1;
        nn_dataset d;
        nn_error err = { NN_OK, "" };
        nn_status s = nn_idx_load(im, lb, 10, &d, &err);
        expand(want, sizeof want, t->message, im, lb, size);
        cr_assert_eq(s, t->status, "%s: status %d (%s)", t->name, s, err.msg);
        cr_assert_str_eq(err.msg, want, "%s:\n got  %s\n want %s", t->name, err.msg,
                         want);
        cr_assert(d.x == NULL && d.n == 0, "%s: dataset not empty", t->name);
        fprintf(stderr, "idx, %s: %s\n", t->name, err.msg);
        remove_dir();
    }
}
/* <<test that the loader refuses bad files>> */
Test(idx, refuses_an_unreadable_file)
{
    if (geteuid() == 0)
        cr_skip_test("running as root, which can read any file");
    make_dir();
    blob im = images_blob(N_IMG, IMG_ROWS, IMG_COLS), lb = labels_blob(N_IMG);
    char ip[256], want[512];
    strcpy(ip, in_dir("im"));
    write_raw(ip, &im), write_raw(in_dir("lb"), &lb);
    chmod(ip, 0);
    nn_dataset d;
    nn_error err = { NN_OK, "" };
    cr_assert_eq(nn_idx_load(ip, in_dir("lb"), 10, &d, &err), NN_EIO);
    snprintf(want, sizeof want, "%s: cannot open: Permission denied", ip);
    cr_assert_str_eq(err.msg, want);
    remove_dir();
}
/* <<test shuffling, splitting and batches>> */
Test(batches, shuffle_is_a_reproducible_uniform_permutation)
{
    enum { N = 50 };
    size_t a[N], b[N];
    nn_rng r1, r2;
    nn_rng_seed(&r1, 5, 1), nn_rng_seed(&r2, 5, 1);
    for (size_t i = 0; i < N; i++)
        a[i] = b[i] = i;
    cr_assert_eq(nn_shuffle(N, a, &r1), NN_OK);
    cr_assert_eq(nn_shuffle(N, b, &r2), NN_OK);
    int seen[N] = { 0 }, moved = 0;
    for (size_t i = 0; i < N; i++) {
        cr_assert_eq(a[i], b[i], "same seed, different order at %zu", i);
        seen[a[i]]++;
        moved += a[i] != i;
    }
    for (size_t i = 0; i < N; i++)
        cr_assert_eq(seen[i], 1, "element %zu appears %d times", i, seen[i]);
    cr_assert_gt(moved, N / 2);
    /* <<count the orders of three shuffled elements>> */
    int count[3][3][3] = { { { 0 } } };
    for (int k = 0; k < 6000; k++) {
        size_t v[3] = { 0, 1, 2 };
        nn_shuffle(3, v, &r1);
        count[v[0]][v[1]][v[2]]++;
    }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            if (j != i)
                cr_assert_lt(abs(count[i][j][3 - i - j] - 1000), 150,
                             "order %d%d%d drawn %d times", i, j, 3 - i - j,
                             count[i][j][3 - i - j]);
}
/* <<test shuffling, splitting and batches>> */
static void numbered(nn_dataset *d, size_t n)
{
    cr_assert_eq(nn_dataset_alloc(d, n, 2, 2, 7), NN_OK);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < 4; k++)
            d->x[i * 4 + k] = (nn_real)(k == 0 ? i : 0.5);
        d->labels[i] = (int)(i % 7);
    }
}
/* <<test shuffling, splitting and batches>> */
Test(batches, split_is_disjoint_complete_and_reproducible)
{
    enum { N = 200, V = 60 };
    nn_dataset d, e, tr, va, tr2, va2;
    numbered(&d, N), numbered(&e, N);
    nn_rng r1, r2;
    nn_rng_seed(&r1, 9, 3), nn_rng_seed(&r2, 9, 3);
    cr_assert_eq(nn_dataset_split(&d, V, &r1, &tr, &va), NN_OK);
    cr_assert_eq(nn_dataset_split(&e, V, &r2, &tr2, &va2), NN_OK);
    cr_assert(tr.n == N - V && va.n == V && tr.memory == NULL && va.memory == NULL);
    int seen[N] = { 0 };
    for (size_t i = 0; i < N; i++) {
        size_t orig = (size_t)d.x[i * 4];
        cr_assert_lt(orig, (size_t)N);
        cr_assert_eq(d.labels[i], (int)(orig % 7), "row %zu lost its label", i);
        cr_assert_eq(d.x[i * 4], e.x[i * 4], "same seed, different split");
        seen[orig]++;
    }
    for (size_t i = 0; i < N; i++)
        cr_assert_eq(seen[i], 1, "example %zu appears %d times", i, seen[i]);
    cr_assert_eq(va.x, tr.x + tr.n * 4, "the parts must not overlap");
    cr_assert_eq(nn_dataset_split(&e, N + 1, &r2, &tr2, &va2), NN_EINVAL);
    /* <<check the fixed split>> */
    nn_dataset f;
    numbered(&f, N);
    cr_assert_eq(nn_dataset_split(&f, V, NULL, &tr, &va), NN_OK);
    for (size_t i = 0; i < V; i++)
        cr_assert_eq(va.x[i * 4], (nn_real)(N - V + i));
    nn_dataset_free(&va);            /* a view: only emptied */
    cr_assert_eq(f.x[(N - 1) * 4], (nn_real)(N - 1));
    nn_dataset_free(&f);
    nn_dataset_free(&d), nn_dataset_free(&e);
}
/* <<test shuffling, splitting and batches>> */
Test(batches, gather_onehot_affine_and_moments)
{
    nn_dataset d;
    numbered(&d, 100);
    size_t idx[3] = { 17, 3, 99 };
    nn_real X[12], T[3 * 7];
    int lab[3];
    nn_dataset_gather(&d, 3, idx, X, lab);
    nn_onehot(3, 7, lab, (nn_real)0.01, (nn_real)0.99, T);
    for (int r = 0; r < 3; r++) {
        cr_assert_eq(X[r * 4], (nn_real)idx[r]);
        cr_assert_eq(X[r * 4 + 3], (nn_real)0.5);
        cr_assert_eq(lab[r], (int)(idx[r] % 7));
        for (int j = 0; j < 7; j++)
            cr_assert_eq(T[r * 7 + j], j == lab[r] ? (nn_real)0.99 : (nn_real)0.01);
    }
    /* <<check the moments before and after an affine map>> */
    nn_dataset v = nn_dataset_view(&d, 0, 100);
    v.n_features = 1;                   /* look at the first pixels only */
    v.x = d.x;
    double mean, sd;
    for (size_t i = 0; i < 100; i++)
        d.x[i] = (nn_real)i;
    nn_dataset_moments(&v, &mean, &sd);
    cr_assert_float_eq(mean, 49.5, 1e-9);
    cr_assert_float_eq(sd, sqrt((100.0 * 100.0 - 1) / 12), 1e-6);
    cr_assert_eq(nn_dataset_affine(&v, 1 / sd, -mean / sd), NN_EINVAL);   /* a view */
    cr_assert_eq(nn_dataset_affine(&d, 1 / sd, -mean / sd), NN_OK);
    nn_dataset_moments(&v, &mean, &sd);
    cr_assert_float_eq(mean, 0, 1e-6);
    cr_assert_float_eq(sd, 1, 1e-6);
    nn_dataset_free(&d);
}

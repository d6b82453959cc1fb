/* Tangled from book/a2-330-robust.nw by 'make tangle'. Edit the book, not this file. */
/* Shared by the fuzz targets (clang -fsanitize=fuzzer). */
#ifndef FUZZ_H
#define FUZZ_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "nn.h"
#include "bad-inputs.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* <<a private folder for the files of a fuzz target>> */
static char fz_dir[256];

static inline void fz_cleanup(void)
{
    bi_clean(fz_dir);
    rmdir(fz_dir);
}

static inline void fz_make_dir(void)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base || strlen(base) > 200)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fz_dir, sizeof fz_dir, "%s/nn-fuzz-XXXXXX", base);
    if (!mkdtemp(fz_dir)) {
        perror("fuzz: mkdtemp");
        exit(1);
    }
    atexit(fz_cleanup);
}
/* <<check the answer of a loader under fuzzing>> */
static inline void fz_check(nn_status s, const nn_error *err, const char *a,
                            const char *b)
{
    if (s == NN_OK)
        return;
    if (err->status != s || (strncmp(err->msg, a, strlen(a)) != 0
                             && (!b || strncmp(err->msg, b, strlen(b)) != 0))) {
        fprintf(stderr, "fuzz: status %d with the message '%s'\n", s, err->msg);
        abort();
    }
}
/* <<fuzz the IDX loader on one input>> */
static inline void fz_idx(const uint8_t *data, size_t size, int may_compress)
{
    char images[512], labels[512];
    bi_bytes im = bi_images(3, 2, 2), lb = bi_labels(3);
    unsigned char *z = NULL;
    if (size == 0)
        return;
    int odd = data[0] & 1;
    const unsigned char *body = data + 1;
    size_t n = size - 1;
    if (may_compress && (data[0] & 2)) {
        z = malloc(n + n / 8 + 64);
        if (!z || (n = bi_gzip(body, n, z, n + n / 8 + 64)) == 0)
            abort();
        body = z;
    }
    if (bi_write(fz_dir, odd ? "labels" : "images", body, n) != 0
        || bi_write(fz_dir, odd ? "images" : "labels", odd ? im.b : lb.b,
                    odd ? im.n : lb.n) != 0)
        abort();
    free(z);
    /* <<load the pair and check what the IDX loader gives>> */
    nn_dataset d;
    nn_error err = { NN_OK, "" };
    nn_status s = nn_idx_load(bi_path(images, fz_dir, "images"),
                              bi_path(labels, fz_dir, "labels"), 10, &d, &err);
    fz_check(s, &err, images, labels);
    if (s != NN_OK && (d.x != NULL || d.n != 0))
        abort();
    for (size_t k = 0; s == NN_OK && k < d.n * d.n_features; k++)
        if (!(d.x[k] >= 0 && d.x[k] <= 1))
            abort();
    for (size_t i = 0; s == NN_OK && i < d.n; i++)
        if (d.labels[i] < 0 || d.labels[i] > 9)
            abort();
    nn_dataset_free(&d);
}
#endif

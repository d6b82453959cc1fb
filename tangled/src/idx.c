/* Tangled from book/200-learning.nw, book/320-speed.nw by 'make tangle'. Edit the book, not this file. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include "nn.h"

/* <<the two kinds of IDX file>> */
typedef struct idx_kind {
    uint32_t    magic;
    int         n_dims;             /* 3 for images, 1 for labels */
    const char *items;              /* "images" or "labels", for messages */
} idx_kind;

static const idx_kind idx_images = { 0x00000803, 3, "images" };
static const idx_kind idx_labels = { 0x00000801, 1, "labels" };

typedef struct idx_file {
    const char     *path;
    const idx_kind *kind;
    gzFile          gz;             /* NULL until opened */
    long long       size;           /* bytes on disk */
    unsigned long   dim[3];         /* count, then rows and cols for images */
    size_t          item_bytes;     /* bytes per element: rows * cols, or 1 */
} idx_file;

/* <<open an IDX file, raw or gzipped>> */
static nn_status idx_open(idx_file *f, const char *path, const idx_kind *kind,
                          nn_error *err)
{
    struct stat st;
    *f = (idx_file){ .path = path, .kind = kind };
    if (stat(path, &st) != 0)
        return nn_error_set(err, NN_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return nn_error_set(err, NN_EIO, "%s: is a directory, not an IDX file", path);
    if (!S_ISREG(st.st_mode))
        return nn_error_set(err, NN_EIO, "%s: not a regular file", path);
    if (st.st_size == 0)
        return nn_error_set(err, NN_EFORMAT, "%s: empty file", path);
    f->size = (long long)st.st_size;
    errno = 0;
    if (!(f->gz = gzopen(path, "rb")))
        return errno ? nn_error_set(err, NN_EIO, "%s: cannot open: %s", path,
                                    strerror(errno))
                     : nn_error_set(err, NN_ENOMEM, "%s: out of memory", path);
    gzbuffer(f->gz, 1u << 16);
    return NN_OK;
}

/* <<tell a damaged gzip stream from one that ended>> */
static nn_status idx_stream_error(const idx_file *f, int *code, nn_error *err)
{
    const char *msg = gzerror(f->gz, code);
    size_t len = strlen(f->path);
    if (*code == Z_OK || *code == Z_BUF_ERROR)
        return NN_OK;
    if (strncmp(msg, f->path, len) == 0 && msg[len] == ':' && msg[len + 1] == ' ')
        msg += len + 2;
    if (*code == Z_ERRNO)
        return nn_error_set(err, NN_EIO, "%s: read error: %s", f->path,
                            strerror(errno));
    if (*code == Z_MEM_ERROR)
        return nn_error_set(err, NN_ENOMEM, "%s: out of memory", f->path);
    return nn_error_set(err, NN_EFORMAT, "%s: corrupted gzip data (%s)", f->path, msg);
}

static nn_status idx_truncated(const idx_file *f, size_t have, nn_error *err)
{
    return nn_error_set(err, NN_EFORMAT, "%s: truncated: %zu %s of the %lu the header"
                        " announces", f->path, have, f->kind->items, f->dim[0]);
}

/* <<read and check an IDX header>> */
static unsigned long be32(const unsigned char *b)
{
    return (unsigned long)b[0] << 24 | (unsigned long)b[1] << 16
         | (unsigned long)b[2] << 8 | (unsigned long)b[3];
}

static nn_status idx_header(idx_file *f, nn_error *err)
{
    const idx_kind *k = f->kind;
    unsigned char h[16];
    int want = 4 + 4 * k->n_dims, code;
    int got = gzread(f->gz, h, 4);
    if (got == 4)
        /* <<check the magic number>> */
        {
            unsigned long magic = be32(h);
            const idx_kind *other = k == &idx_images ? &idx_labels : &idx_images;
            if (magic == other->magic)
                return nn_error_set(err, NN_EFORMAT, "%s: holds %s (magic number 0x%08lx),"
                                    " not %s", f->path, other->items, magic, k->items);
            if (magic != k->magic)
                return nn_error_set(err, NN_EFORMAT, "%s: not an IDX file of %s: its magic"
                                    " number is 0x%08lx, expected 0x%08lx", f->path, k->items,
                                    magic, (unsigned long)k->magic);
        }
    if (got == 4)
        got += gzread(f->gz, h + 4, (unsigned)(want - 4));
    nn_status s = idx_stream_error(f, &code, err);
    if (s != NN_OK)
        return s;
    if (got < want)
        return nn_error_set(err, NN_EFORMAT, "%s: truncated: the header has %d of its"
                            " %d bytes", f->path, got < 0 ? 0 : got, want);
    /* <<read the dimensions and check them>> */
    f->item_bytes = 1;
    for (int d = 0; d < k->n_dims; d++) {
        f->dim[d] = be32(h + 4 + 4 * d);
        if (f->dim[d] == 0)
            return nn_error_set(err, NN_EFORMAT, "%s: dimension %d of the header is 0",
                                f->path, d + 1);
        if (d > 0)
            f->item_bytes *= f->dim[d];     /* at most (2^32 - 1)^2: fits in 64 bits */
    }
    if (k->n_dims == 3 && (f->item_bytes > SIZE_MAX / f->dim[0]
                           || f->dim[1] > SIZE_MAX / f->dim[2]))
        return nn_error_set(err, NN_EFORMAT, "%s: dimensions %lu x %lu x %lu are too large:"
                            " their product overflows", f->path, f->dim[0], f->dim[1],
                            f->dim[2]);
    return NN_OK;
}

/* <<check the announced size against the file>> */
static nn_status idx_size(const idx_file *f, nn_error *err)
{
    long long header = 4 + 4 * f->kind->n_dims;
    unsigned long long body = (unsigned long long)f->dim[0] * f->item_bytes;
    if (!gzdirect(f->gz)) {
        if (body / 1032 > (unsigned long long)f->size)
            return nn_error_set(err, NN_EFORMAT, "%s: truncated or corrupted: the"
                                " header announces %llu bytes, more than a gzip file"
                                " of %lld bytes can hold", f->path, body, f->size);
        return NN_OK;
    }
    unsigned long long have = (unsigned long long)(f->size - header);
    if (have < body)
        return idx_truncated(f, (size_t)(have / f->item_bytes), err);
    if (have > body)
        return nn_error_set(err, NN_EFORMAT, "%s: oversized: %llu bytes follow the %lu"
                            " %s the header announces", f->path, have - body,
                            f->dim[0], f->kind->items);
    return NN_OK;
}

/* <<read the elements, converting them as they come>> */
typedef void idx_sink(void *to, size_t first, const unsigned char *bytes, size_t n);

static nn_status idx_read(idx_file *f, idx_sink *sink, void *to, nn_error *err)
{
    unsigned char buf[1u << 16];
    size_t total = f->dim[0] * f->item_bytes, done = 0;
    while (done < total) {
        unsigned want = total - done < sizeof buf ? (unsigned)(total - done)
                                                  : (unsigned)sizeof buf;
        int got = gzread(f->gz, buf, want), code;
        if (got > 0)
            sink(to, done, buf, (size_t)got), done += (size_t)got;
        if (got < (int)want) {
            nn_status s = idx_stream_error(f, &code, err);
            return s != NN_OK ? s : idx_truncated(f, done / f->item_bytes, err);
        }
    }
    return NN_OK;
}
/* <<read the elements, converting them as they come>> */
static void put_pixels(void *to, size_t first, const unsigned char *b, size_t n)
{
    nn_real *x = (nn_real *)to + first;
    for (size_t i = 0; i < n; i++)
        x[i] = (nn_real)b[i] / 255;
}

static void put_labels(void *to, size_t first, const unsigned char *b, size_t n)
{
    int *y = (int *)to + first;
    for (size_t i = 0; i < n; i++)
        y[i] = b[i];
}

/* <<a third sink, which keeps pixels as bytes>> */
static void put_bytes(void *to, size_t first, const unsigned char *b, size_t n)
{
    memcpy((unsigned char *)to + first, b, n);
}

/* <<check that nothing follows the elements>> */
static nn_status idx_end(const idx_file *f, nn_error *err)
{
    unsigned char extra;
    int code, got = gzread(f->gz, &extra, 1);
    nn_status s = idx_stream_error(f, &code, err);
    if (s != NN_OK)
        return s;
    if (got > 0)
        return nn_error_set(err, NN_EFORMAT, "%s: oversized: data follow the %lu %s"
                            " the header announces", f->path, f->dim[0],
                            f->kind->items);
    if (code == Z_BUF_ERROR)
        return nn_error_set(err, NN_EFORMAT, "%s: truncated: the gzip stream ends"
                            " before its checksum", f->path);
    return NN_OK;
}

/* <<load a pair of IDX files>> */
static nn_status idx_prepare(idx_file *f, const char *path, const idx_kind *kind,
                             nn_error *err)
{
    nn_status s = idx_open(f, path, kind, err);
    if (s == NN_OK)
        s = idx_header(f, err);
    return s == NN_OK ? idx_size(f, err) : s;
}

static void idx_close(idx_file *f)
{
    if (f->gz)
        gzclose(f->gz);
    f->gz = NULL;
}
/* <<load a pair of IDX files>> */
static nn_status idx_load(const char *images_path, const char *labels_path,
                          size_t n_classes, int bytes, nn_dataset *out, nn_error *err)
{
    idx_file im = { 0 }, lb = { 0 };
    *out = (nn_dataset){ 0 };
    if (!images_path || !labels_path || n_classes == 0 || n_classes > 256)
        return nn_error_set(err, NN_EINVAL, "nn_idx_load: invalid arguments");
    nn_status s = idx_prepare(&im, images_path, &idx_images, err);
    if (s == NN_OK)
        s = idx_prepare(&lb, labels_path, &idx_labels, err);
    if (s == NN_OK && im.dim[0] != lb.dim[0])
        s = nn_error_set(err, NN_EFORMAT, "%s has %lu images but %s has %lu labels",
                         images_path, im.dim[0], labels_path, lb.dim[0]);
    /* <<allocate the dataset and read both files into it>> */
    if (s == NN_OK && (s = (bytes ? nn_dataset_alloc_bytes : nn_dataset_alloc)(out,
                                im.dim[0], im.dim[1], im.dim[2], n_classes)) != NN_OK)
        nn_error_set(err, s, "%s: no memory for %lu images", images_path, im.dim[0]);
    if (s == NN_OK && (s = bytes ? idx_read(&im, put_bytes, out->x8, err)
                                 : idx_read(&im, put_pixels, out->x, err)) == NN_OK)
        s = idx_end(&im, err);
    if (s == NN_OK && (s = idx_read(&lb, put_labels, out->labels, err)) == NN_OK)
        s = idx_end(&lb, err);
    for (size_t i = 0; s == NN_OK && i < out->n; i++)
        if (out->labels[i] >= (int)n_classes)
            s = nn_error_set(err, NN_EFORMAT, "%s: the label of example %zu is %d, outside"
                             " 0 to %zu", labels_path, i, out->labels[i], n_classes - 1);
    idx_close(&im);
    idx_close(&lb);
    if (s != NN_OK)
        nn_dataset_free(out);
    return s;
}

nn_status nn_idx_load(const char *images_path, const char *labels_path,
                      size_t n_classes, nn_dataset *out, nn_error *err)
{
    return idx_load(images_path, labels_path, n_classes, 0, out, err);
}

/* <<load MNIST from a folder>> */
static nn_status mnist_path(char *buf, size_t len, const char *dir, const char *prefix,
                            const char *name, nn_error *err)
{
    struct stat st;
    int k = snprintf(buf, len, "%s/%s-%s", dir, prefix, name);
    if (k < 0 || (size_t)k + 4 > len)
        return nn_error_set(err, NN_EINVAL, "%s: path too long", dir);
    if (stat(buf, &st) == 0)
        return NN_OK;
    strcat(buf, ".gz");
    if (stat(buf, &st) == 0)
        return NN_OK;
    buf[k] = '\0';
    return nn_error_set(err, NN_EIO, "%s: no such file, raw or with .gz", buf);
}
/* <<load MNIST from a folder>> */
static nn_status mnist_load(const char *dir, const char *prefix, int bytes,
                            nn_dataset *out, nn_error *err)
{
    char images[4096], labels[4096];
    *out = (nn_dataset){ 0 };
    nn_status s = mnist_path(images, sizeof images, dir, prefix, "images-idx3-ubyte",
                             err);
    if (s == NN_OK)
        s = mnist_path(labels, sizeof labels, dir, prefix, "labels-idx1-ubyte", err);
    return s == NN_OK ? idx_load(images, labels, 10, bytes, out, err) : s;
}

nn_status nn_mnist_load(const char *dir, const char *prefix, nn_dataset *out,
                        nn_error *err)
{
    return mnist_load(dir, prefix, 0, out, err);
}

/* Load IDX files and keep the pixels as bytes. */
static void pixel_values(nn_dataset *d)
{
    for (int v = 0; v < 256; v++)
        d->x8_value[v] = (nn_real)v / 255;          /* as put_pixels computes it */
}

nn_status nn_idx_load_bytes(const char *images_path, const char *labels_path,
                            size_t n_classes, nn_dataset *out, nn_error *err)
{
    nn_status s = idx_load(images_path, labels_path, n_classes, 1, out, err);
    if (s == NN_OK)
        pixel_values(out);
    return s;
}

nn_status nn_mnist_load_bytes(const char *dir, const char *prefix, nn_dataset *out,
                              nn_error *err)
{
    nn_status s = mnist_load(dir, prefix, 1, out, err);
    if (s == NN_OK)
        pixel_values(out);
    return s;
}

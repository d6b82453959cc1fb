/* Tangled from book/a2-300-trainer.nw by 'make tangle'. Edit the book, not this file. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "nn-layer.h"

/* <<the constants of the model format>> */
static const unsigned char model_magic[8] = {
    0x89, 'N', 'N', 'M', '\r', '\n', 0x1a, '\n'
};
enum {
    HEADER_BYTES = 32, NET_BYTES = 24, RECORD_BYTES = 104, TRAILER_BYTES = 4,
    RECORD_BYTES_V1 = 96, NAME_BYTES = NN_LAYER_NAME_BYTES,
    N_HYPER = NN_LAYER_N_HYPER, REAL_BYTES = sizeof(nn_real), MODEL_MAX_DEPTH = 8
};
#define MODEL_MAX_WIDTH ((uint64_t)1 << 24)

/* <<compute a CRC-32>> */
uint32_t nn_crc32(uint32_t crc, const void *data, size_t n)
{
    const unsigned char *p = data;
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

/* <<encode and decode little-endian numbers>> */
static void le32(unsigned char *b, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        b[k] = (unsigned char)(v >> 8 * k);
}

static void le64(unsigned char *b, uint64_t v)
{
    for (int k = 0; k < 8; k++)
        b[k] = (unsigned char)(v >> 8 * k);
}

static uint32_t get32(const unsigned char *b)
{
    uint32_t v = 0;
    for (int k = 3; k >= 0; k--)
        v = v << 8 | b[k];
    return v;
}

static uint64_t get64(const unsigned char *b)
{
    uint64_t v = 0;
    for (int k = 7; k >= 0; k--)
        v = v << 8 | b[k];
    return v;
}
/* <<encode and decode little-endian numbers>> */
static void put_real(unsigned char *b, nn_real x)
{
    if (REAL_BYTES == 4) {
        float f = (float)x;
        uint32_t u;
        memcpy(&u, &f, 4);
        le32(b, u);
    } else {
        double d = (double)x;
        uint64_t u;
        memcpy(&u, &d, 8);
        le64(b, u);
    }
}

static nn_real get_real(const unsigned char *b, unsigned width)
{
    if (width == 4) {
        uint32_t u = get32(b);
        float f;
        memcpy(&f, &u, 4);
        return (nn_real)f;
    }
    uint64_t u = get64(b);
    double d;
    memcpy(&d, &u, 8);
    return (nn_real)d;
}

/* <<describe a layer as a record>> */
static int describe_layer(const nn_layer *l, nn_layer_record *r)
{
    memset(r, 0, sizeof *r);
    if (nn_layer_kind(l->ops->kind) != l->ops || strlen(l->ops->kind) > NAME_BYTES)
        return 0;
    strcpy(r->kind, l->ops->kind);
    r->n_in = l->n_in, r->n_out = l->n_out;
    r->n_params = l->n_params, r->n_state = l->n_state;
    if (l->ops->describe)
        l->ops->describe(l, r);
    return 1;
}
/* <<describe a layer as a record>> */
static void layer_text(const nn_layer_record *r, char *buf, size_t n)
{
    const nn_layer_ops *k = nn_layer_kind(r->kind);
    if (k && k->text)
        k->text(r, buf, n);
    else
        snprintf(buf, n, "%s %llu->%llu", r->kind, (unsigned long long)r->n_in,
                 (unsigned long long)r->n_out);
}

/* <<describe a layer and the layers inside it>> */
static size_t count_records(const nn_layer *l)
{
    size_t n = 1;
    const nn_layer *c;
    for (size_t k = 0; l->ops->inner && (c = l->ops->inner(l, k)); k++)
        n += count_records(c);
    return n;
}

static const nn_layer *describe_tree(const nn_layer *l, nn_layer_record *recs,
                                     size_t *i, unsigned depth)
{
    size_t j = (*i)++;
    if (depth > MODEL_MAX_DEPTH || !describe_layer(l, &recs[j]))
        return l;
    const nn_layer *c, *bad = NULL;
    for (size_t k = 0; !bad && l->ops->inner && (c = l->ops->inner(l, k)); k++)
        bad = describe_tree(c, recs, i, depth + 1);
    recs[j].n_inner = *i - j - 1;
    return bad;
}

/* <<describe every layer of a network>> */
static nn_status describe_net(nn_net *net, const char *path, nn_layer_record **recs,
                              size_t *R, nn_error *err)
{
    size_t L = nn_net_n_layers(net), j = 0;
    *R = 0;
    for (size_t i = 0; i < L; i++)
        *R += count_records(nn_net_layer(net, i));
    if (!(*recs = calloc(*R, sizeof **recs)))
        return nn_error_set(err, NN_ENOMEM, "%s: out of memory", path);
    for (size_t i = 0; i < L; i++) {
        size_t at = j;
        const nn_layer *bad = describe_tree(nn_net_layer(net, i), *recs, &j, 0);
        if (bad) {
            free(*recs), *recs = NULL;
            return nn_error_set(err, NN_EINVAL, "%s: cannot save layer %zu: the "
                                "model format has no record for layers of kind "
                                "'%s' (or they nest deeper than %d)", path, at,
                                bad->ops->kind, MODEL_MAX_DEPTH);
        }
    }
    return NN_OK;
}

/* <<stream bytes through a checksum>> */
typedef struct out_file {
    FILE *f;
    uint32_t crc;       /* of the bytes written since it was last reset */
    int failed;
} out_file;

static void put(out_file *o, const unsigned char *b, size_t n)
{
    o->crc = nn_crc32(o->crc, b, n);
    if (fwrite(b, 1, n, o->f) != n)
        o->failed = 1;
}

static void put_u64(out_file *o, uint64_t v)
{
    unsigned char b[8];
    le64(b, v);
    put(o, b, 8);
}
/* <<stream bytes through a checksum>> */
static void put_record(out_file *o, const nn_layer_record *r)
{
    unsigned char names[2 * NAME_BYTES] = { 0 };
    memcpy(names, r->kind, strlen(r->kind));
    memcpy(names + NAME_BYTES, r->fn, strlen(r->fn));
    put(o, names, sizeof names);
    put_u64(o, r->n_in), put_u64(o, r->n_out);
    put_u64(o, r->n_params), put_u64(o, r->n_state);
    for (int k = 0; k < N_HYPER; k++) {
        uint64_t u;
        memcpy(&u, &r->hyper[k], 8);            /* the double's bit pattern */
        put_u64(o, u);
    }
    put_u64(o, r->n_inner);
}

static void put_reals(out_file *o, size_t n, const nn_real *x)
{
    unsigned char buf[1024 * REAL_BYTES];
    for (size_t i = 0; i < n; i += 1024) {
        size_t m = n - i < 1024 ? n - i : 1024;
        for (size_t j = 0; j < m; j++)
            put_real(buf + j * REAL_BYTES, x[i + j]);
        put(o, buf, m * REAL_BYTES);
    }
}

/* <<write a model to an open file>> */
static int write_model(FILE *f, nn_net *net, const nn_layer_record *recs, size_t R)
{
    size_t np, ns;
    nn_real *params = nn_net_params(net, &np), *state = nn_net_state(net, &ns);
    /* <<assemble the header, with its own checksum>> */
    unsigned char h[HEADER_BYTES] = { 0 }, t[TRAILER_BYTES];
    memcpy(h, model_magic, 8);
    le32(h + 8, NN_MODEL_VERSION);
    le32(h + 12, REAL_BYTES);
    le32(h + 16, (uint32_t)R);
    uint64_t P = NET_BYTES + (uint64_t)RECORD_BYTES * R
                 + (uint64_t)(np + ns) * REAL_BYTES;
    le64(h + 20, P);
    le32(h + 28, nn_crc32(0, h, 28));
    out_file o = { f, 0, 0 };
    put(&o, h, HEADER_BYTES);
    o.crc = 0;                                  /* the trailer covers the payload */
    put_u64(&o, nn_net_n_in(net)), put_u64(&o, np), put_u64(&o, ns);
    for (size_t i = 0; i < R; i++)
        put_record(&o, &recs[i]);
    put_reals(&o, np, params);
    put_reals(&o, ns, state);
    le32(t, o.crc);
    put(&o, t, TRAILER_BYTES);
    return !o.failed;
}

/* <<sync a directory>> */
static void sync_directory(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + (slash == path) : 0;
    char *dir = malloc(n + 2);
    if (!dir)
        return;
    if (n)
        memcpy(dir, path, n), dir[n] = '\0';
    else
        strcpy(dir, ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);          /* best effort: some file systems cannot */
        close(fd);
    }
    free(dir);
}

/* <<save a model through a temporary file>> */
static nn_status save_via_temporary(nn_net *net, const nn_layer_record *recs,
                                    size_t R, const char *path, char *tmp,
                                    nn_save_hook *hook, void *ctx, nn_error *err)
{
    /* <<write the temporary file and force it to the disk>> */
    sprintf(tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return nn_error_set(err, NN_EIO, "%s: cannot create a temporary file "
                            "beside it: %s", path, strerror(errno));
    FILE *f = fdopen(fd, "wb");
    int ok = f && fchmod(fd, 0644) == 0 && write_model(f, net, recs, R)
             && fflush(f) == 0 && fsync(fd) == 0;
    int e = errno;
    ok = (f ? fclose(f) == 0 : close(fd) == 0) && ok;
    if (!ok) {
        unlink(tmp);
        return nn_error_set(err, NN_EIO, "%s: cannot write the model: %s", path,
                            strerror(e ? e : EIO));
    }
    if (hook)
        hook(tmp, ctx);
    if (rename(tmp, path) != 0) {
        e = errno;
        unlink(tmp);
        return nn_error_set(err, NN_EIO, "%s: cannot rename %s to it: %s", path, tmp,
                            strerror(e));
    }
    sync_directory(path);
    return NN_OK;
}
/* <<save a model through a temporary file>> */
nn_status nn_model_save_hooked(nn_net *net, const char *path, nn_save_hook *hook,
                               void *ctx, nn_error *err)
{
    if (!net || !path || nn_net_max_batch(net) == 0)
        return nn_error_set(err, NN_EINVAL, "%s: there is no built network to save",
                            path ? path : "(no file name)");
    /* <<refuse a network whose numbers are not finite>> */
    size_t np, ns;
    const nn_real *params = nn_net_params(net, &np), *state = nn_net_state(net, &ns);
    for (size_t i = 0; i < np + ns; i++) {
        nn_real v = i < np ? params[i] : state[i - np];
        if (!isfinite(v))
            return nn_error_set(err, NN_EINVAL, "%s: not saved: %s %zu of the network "
                                "is %g (training diverged?)", path, i < np ? "parameter"
                                : "state number", i < np ? i : i - np, (double)v);
    }
    size_t R;
    nn_layer_record *recs;
    char *tmp = NULL;
    nn_status s = describe_net(net, path, &recs, &R, err);
    if (s == NN_OK && !(tmp = malloc(strlen(path) + sizeof ".tmp-XXXXXX")))
        s = nn_error_set(err, NN_ENOMEM, "%s: out of memory", path);
    if (s == NN_OK)
        s = save_via_temporary(net, recs, R, path, tmp, hook, ctx, err);
    free(recs);
    free(tmp);
    return s;
}

nn_status nn_model_save(nn_net *net, const char *path, nn_error *err)
{
    return nn_model_save_hooked(net, path, NULL, NULL, err);
}

/* <<read and check a model file>> */
typedef struct model_file {
    unsigned width;                     /* 4 or 8 bytes per stored scalar */
    unsigned record_bytes;              /* 104, or 96 in version 1 */
    uint64_t n_in, n_params, n_state;
    size_t n_records, n_layers;         /* all records; the network's layers */
    nn_layer_record *recs;
    unsigned char *payload;             /* P bytes, checksum verified */
    const unsigned char *values;        /* the parameters, then the state */
} model_file;

/* <<read and check the header>> */
static nn_status read_header(FILE *f, const char *path, uint64_t size, model_file *m,
                             uint64_t *P, nn_error *err)
{
    unsigned char h[HEADER_BYTES];
    size_t got = fread(h, 1, HEADER_BYTES, f);
    if (size == 0)
        return nn_error_set(err, NN_EFORMAT, "%s: empty file, not a model", path);
    if (got < HEADER_BYTES && (uint64_t)got < size)
        return nn_error_set(err, NN_EIO, "%s: cannot read: %s", path, strerror(errno));
    if (memcmp(h, model_magic, got < 8 ? got : 8) != 0)
        return nn_error_set(err, NN_EFORMAT, "%s: not a model file (it does not begin "
                            "with the model file signature)", path);
    if (got < HEADER_BYTES)
        return nn_error_set(err, NN_EFORMAT, "%s: truncated: %zu bytes, shorter than "
                            "the %d-byte header", path, got, HEADER_BYTES);
    /* <<check the version, the header's checksum and the width>> */
    uint32_t version = get32(h + 8);
    if (version != 1 && version != NN_MODEL_VERSION)
        return nn_error_set(err, NN_EFORMAT, "%s: model file version %lu; this library "
                            "reads versions up to %d", path, (unsigned long)version,
                            NN_MODEL_VERSION);
    m->record_bytes = version == 1 ? RECORD_BYTES_V1 : RECORD_BYTES;
    if (get32(h + 28) != nn_crc32(0, h, 28))
        return nn_error_set(err, NN_EFORMAT, "%s: corrupted: the header's checksum "
                            "does not match", path);
    m->width = get32(h + 12);
    if (m->width != 4 && m->width != 8)
        return nn_error_set(err, NN_EFORMAT, "%s: corrupted: scalar width %u (must be 4 "
                            "or 8)", path, m->width);
    if (m->width > REAL_BYTES)
        return nn_error_set(err, NN_EFORMAT, "%s: stores double-precision numbers (from "
                            "the double build); this single-precision build would round "
                            "them: load it with the double build", path);
    /* <<compare the file's size with the announced payload>> */
    m->n_records = get32(h + 16);
    *P = get64(h + 20);
    uint64_t have = size - HEADER_BYTES;
    if (have < TRAILER_BYTES || have - TRAILER_BYTES < *P)
        return nn_error_set(err, NN_EFORMAT, "%s: truncated: %llu bytes of the %llu the "
                            "header announces", path, (unsigned long long)size,
                            (unsigned long long)(*P + HEADER_BYTES + TRAILER_BYTES));
    if (have - TRAILER_BYTES > *P)
        return nn_error_set(err, NN_EFORMAT, "%s: %llu bytes, but the header announces "
                            "%llu: something follows the model", path,
                            (unsigned long long)size,
                            (unsigned long long)(*P + HEADER_BYTES + TRAILER_BYTES));
    return NN_OK;
}

/* <<read the payload and verify its checksum>> */
static nn_status read_payload(FILE *f, const char *path, uint64_t P, model_file *m,
                              nn_error *err)
{
    m->payload = malloc(P + TRAILER_BYTES);
    if (!m->payload)
        return nn_error_set(err, NN_ENOMEM, "%s: no memory for %llu bytes", path,
                            (unsigned long long)P);
    if (fread(m->payload, 1, P + TRAILER_BYTES, f) != P + TRAILER_BYTES)
        return nn_error_set(err, NN_EIO, "%s: cannot read: %s", path,
                            ferror(f) ? strerror(errno) : "the file shrank");
    uint32_t want = get32(m->payload + P), got = nn_crc32(0, m->payload, P);
    if (want != got)
        return nn_error_set(err, NN_EFORMAT, "%s: corrupted: the checksum of the "
                            "contents is %08lx, the file says %08lx", path,
                            (unsigned long)got, (unsigned long)want);
    return NN_OK;
}

/* <<parse the network's sizes and the layer records>> */
static const char *bad_record(const nn_layer_record *r);

static nn_status check_level(const char *path, const model_file *m, size_t first,
                             size_t end, unsigned depth, uint64_t *total,
                             nn_error *err)
{
    for (size_t i = first; i < end; i += 1 + m->recs[i].n_inner) {
        const nn_layer_record *r = &m->recs[i];
        /* <<check that record i's inner records fit and are not too deep>> */
        if (r->n_inner > end - i - 1)
            return nn_error_set(err, NN_EFORMAT, "%s: corrupted: layer %zu (%s) holds %llu "
                                "inner records, but only %zu follow in %s", path, i,
                                r->kind, (unsigned long long)r->n_inner, end - i - 1,
                                depth ? "its block" : "the file");
        if (r->n_inner && depth + 1 > MODEL_MAX_DEPTH)
            return nn_error_set(err, NN_EFORMAT, "%s: corrupted: layer %zu (%s) nests "
                                "layers deeper than %d levels", path, i, r->kind,
                                MODEL_MAX_DEPTH);
        nn_status s = check_level(path, m, i + 1, i + 1 + r->n_inner, depth + 1,
                                  total, err);
        if (s != NN_OK)
            return s;
        /* <<check that record i has possible widths and is consistent>> */
        const char *why = r->n_in == 0 || r->n_in > MODEL_MAX_WIDTH || r->n_out == 0
                          || r->n_out > MODEL_MAX_WIDTH ? "bad width" : bad_record(r);
        if (why)
            return nn_error_set(err, NN_EFORMAT, "%s: corrupted: layer %zu (%s%s%s): "
                                "%s", path, i, r->kind, *r->fn ? " " : "", r->fn, why);
        *total += r->n_out;
    }
    return NN_OK;
}
/* <<parse the network's sizes and the layer records>> */
static nn_status check_records(const char *path, model_file *m, nn_error *err)
{
    uint64_t width = m->n_in, np = 0, ns = 0, total = m->n_in;
    if (m->n_in == 0 || m->n_in > MODEL_MAX_WIDTH)
        return nn_error_set(err, NN_EFORMAT, "%s: corrupted: impossible input width "
                            "%llu", path, (unsigned long long)m->n_in);
    nn_status s = check_level(path, m, 0, m->n_records, 0, &total, err);
    m->n_layers = 0;
    for (size_t i = 0; s == NN_OK && i < m->n_records; i += 1 + m->recs[i].n_inner) {
        /* <<check that record i takes width>> */
        if (m->recs[i].n_in != width)
            return nn_error_set(err, NN_EFORMAT, "%s: corrupted: layer %zu (%s): it does "
                                "not take the previous width", path, i, m->recs[i].kind);
        width = m->recs[i].n_out, m->n_layers++;
        np += m->recs[i].n_params, ns += m->recs[i].n_state;
    }
    if (s != NN_OK)
        return s;
    /* <<check the totals of the network's layers>> */
    if (total > MODEL_MAX_WIDTH)
        return nn_error_set(err, NN_EFORMAT, "%s: implausible: its layers keep %llu "
                            "numbers per example in all, more than the %llu allowed",
                            path, (unsigned long long)total,
                            (unsigned long long)MODEL_MAX_WIDTH);
    if (np != m->n_params || ns != m->n_state)
        return nn_error_set(err, NN_EFORMAT, "%s: corrupted: the layers do not add up "
                            "to the network's sizes", path);
    return NN_OK;
}
/* <<parse the network's sizes and the layer records>> */
static void get_record(const unsigned char *b, nn_layer_record *r, int v1)
{
    memcpy(r->kind, b, NAME_BYTES), r->kind[NAME_BYTES] = '\0';
    memcpy(r->fn, b + NAME_BYTES, NAME_BYTES), r->fn[NAME_BYTES] = '\0';
    b += 2 * NAME_BYTES;
    r->n_in = get64(b), r->n_out = get64(b + 8);
    r->n_params = get64(b + 16), r->n_state = get64(b + 24);
    for (int k = 0; k < N_HYPER; k++) {
        uint64_t u = get64(b + 32 + 8 * k);
        memcpy(&r->hyper[k], &u, 8);
    }
    r->n_inner = v1 ? 0 : get64(b + 64);
}
/* <<parse the network's sizes and the layer records>> */
static nn_status parse_payload(const char *path, uint64_t P, model_file *m,
                               nn_error *err)
{
    const unsigned char *b = m->payload;
    size_t R = m->n_records, RB = m->record_bytes;
    if (R == 0 || P < NET_BYTES || (P - NET_BYTES) / RB < R)
        return nn_error_set(err, NN_EFORMAT, "%s: corrupted: %zu layers do not fit in "
                            "the payload", path, R);
    m->n_in = get64(b), m->n_params = get64(b + 8), m->n_state = get64(b + 16);
    uint64_t values = P - NET_BYTES - (uint64_t)RB * R;
    if (m->n_params > values / m->width || m->n_state > values / m->width
        || (m->n_params + m->n_state) * m->width != values)
        return nn_error_set(err, NN_EFORMAT, "%s: corrupted: %llu parameters and %llu "
                            "numbers of state do not fill the payload", path,
                            (unsigned long long)m->n_params,
                            (unsigned long long)m->n_state);
    m->recs = calloc(R, sizeof *m->recs);
    if (!m->recs)
        return nn_error_set(err, NN_ENOMEM, "%s: out of memory", path);
    for (size_t i = 0; i < R; i++)
        get_record(b + NET_BYTES + i * RB, &m->recs[i], RB == RECORD_BYTES_V1);
    m->values = b + NET_BYTES + RB * R;
    return check_records(path, m, err);
}

/* <<read a whole model file>> */
static void free_model_file(model_file *m)
{
    free(m->recs);
    free(m->payload);
}

static nn_status read_model_file(model_file *m, const char *path, nn_error *err)
{
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "rb");
    if (!f)
        return nn_error_set(err, NN_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    nn_status s = NN_OK;
    if (fstat(fileno(f), &st) != 0)
        s = nn_error_set(err, NN_EIO, "%s: cannot read: %s", path, strerror(errno));
    else if (S_ISDIR(st.st_mode))
        s = nn_error_set(err, NN_EIO, "%s: is a directory, not a model file", path);
    else if (!S_ISREG(st.st_mode))
        s = nn_error_set(err, NN_EFORMAT, "%s: not a regular file", path);
    uint64_t P = 0;
    if (s == NN_OK)
        s = read_header(f, path, (uint64_t)st.st_size, m, &P, err);
    if (s == NN_OK)
        s = read_payload(f, path, P, m, err);
    if (s == NN_OK)
        s = parse_payload(path, P, m, err);
    fclose(f);
    if (s != NN_OK)
        free_model_file(m);
    return s;
}

/* <<check a layer record and rebuild its layer>> */
static const char *bad_record(const nn_layer_record *r)
{
    const nn_layer_ops *k = nn_layer_kind(r->kind);
    return k ? k->check(r) : "unknown kind of layer";
}

nn_status nn_layer_rebuild(const nn_layer_record *r, nn_layer **out)
{
    *out = NULL;
    const nn_layer_ops *k = nn_layer_kind(r->kind);
    return k ? k->rebuild(r, out) : NN_EINVAL;
}

/* <<compare a layer of the network with a record>> */
static nn_status compare_layer(const char *path, size_t i, const nn_layer_record *r,
                               const nn_layer_record *d, nn_error *err)
{
    char a[96], b[96];
    int same = strcmp(r->kind, d->kind) == 0 && strcmp(r->fn, d->fn) == 0
               && r->n_in == d->n_in && r->n_out == d->n_out
               && r->n_params == d->n_params && r->n_state == d->n_state
               && r->n_inner == d->n_inner;
    for (int k = 0; k < N_HYPER; k++)
        same = same && r->hyper[k] == d->hyper[k];
    if (same)
        return NN_OK;
    layer_text(r, a, sizeof a), layer_text(d, b, sizeof b);
    return nn_error_set(err, NN_EINVAL, "%s: the network does not match the file: "
                        "layer %zu is %s in the file, %s in the network", path, i,
                        a, b);
}

/* <<load a model into a new network or into an existing one>> */
static void copy_values(const model_file *m, nn_net *net)
{
    size_t np, ns;
    nn_real *params = nn_net_params(net, &np), *state = nn_net_state(net, &ns);
    const unsigned char *b = m->values;
    for (size_t i = 0; i < np; i++, b += m->width)
        params[i] = get_real(b, m->width);
    for (size_t i = 0; i < ns; i++, b += m->width)
        state[i] = get_real(b, m->width);
}
/* <<load a model into a new network or into an existing one>> */
nn_status nn_model_load(nn_net **out, const char *path, size_t max_batch,
                        nn_error *err)
{
    *out = NULL;
    model_file m;
    nn_status s = read_model_file(&m, path, err);
    if (s != NN_OK)
        return s;
    nn_net *net;
    s = nn_net_create(&net, m.n_in);
    for (size_t i = 0; i < m.n_records && s == NN_OK; i += 1 + m.recs[i].n_inner) {
        nn_layer *l;
        s = nn_layer_rebuild(&m.recs[i], &l);
        if (s == NN_OK)
            s = nn_net_add(net, l);
    }
    if (s == NN_OK)
        s = nn_net_build(net, max_batch);
    if (s == NN_OK)
        copy_values(&m, net), *out = net;
    else
        nn_net_free(net), nn_error_set(err, s, "%s: cannot build the network it "
                                       "describes: %s", path, nn_strerror(s));
    free_model_file(&m);
    return s;
}
/* <<load a model into a new network or into an existing one>> */
nn_status nn_model_load_into(nn_net *net, const char *path, nn_error *err)
{
    model_file m;
    nn_status s = read_model_file(&m, path, err);
    if (s != NN_OK)
        return s;
    nn_layer_record *d = NULL;
    size_t R = 0;
    if (m.n_layers != nn_net_n_layers(net) || m.n_in != nn_net_n_in(net))
        s = nn_error_set(err, NN_EINVAL, "%s: the network does not match the file: "
                         "%zu layers from %llu inputs in the file, %zu from %zu in the "
                         "network", path, m.n_layers, (unsigned long long)m.n_in,
                         nn_net_n_layers(net), nn_net_n_in(net));
    else
        s = describe_net(net, path, &d, &R, err);
    for (size_t i = 0; i < m.n_records && i < R && s == NN_OK; i++)
        s = compare_layer(path, i, &m.recs[i], &d[i], err);
    if (s == NN_OK)
        copy_values(&m, net);
    free(d);
    free_model_file(&m);
    return s;
}

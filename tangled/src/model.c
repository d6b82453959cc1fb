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
/* <<the constants of the model format>> */
static const unsigned char state_magic[8] = {
    0x89, 'N', 'N', 'S', '\r', '\n', 0x1a, '\n'
};
enum { STATE_VERSION = 1, STATE_HEAD_BYTES = 20 };

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

/* <<write the training-state section>> */
typedef struct out_buf {
    unsigned char *b;
    size_t n, cap;
    int failed;
} out_buf;

static void buf_put(out_buf *o, const void *p, size_t n)
{
    if (o->failed || n == 0)
        return;
    if (n > o->cap - o->n) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap - o->n < n)
            cap *= 2;
        unsigned char *b = realloc(o->b, cap);
        if (!b) {
            o->failed = 1;
            return;
        }
        o->b = b, o->cap = cap;
    }
    memcpy(o->b + o->n, p, n), o->n += n;
}
/* <<write the training-state section>> */
static void buf_u64(out_buf *o, uint64_t v)
{
    unsigned char b[8];
    le64(b, v);
    buf_put(o, b, 8);
}

static void buf_f64(out_buf *o, double x)
{
    uint64_t u;
    memcpy(&u, &x, 8);
    buf_u64(o, u);
}

static void buf_name(out_buf *o, const char *s)
{
    unsigned char b[NAME_BYTES] = { 0 };
    size_t n = strlen(s);
    memcpy(b, s, n < NAME_BYTES ? n : NAME_BYTES);
    buf_put(o, b, NAME_BYTES);
}

static void buf_reals(out_buf *o, size_t n, const nn_real *x)
{
    unsigned char b[REAL_BYTES];
    for (size_t i = 0; i < n; i++)
        put_real(b, x[i]), buf_put(o, b, REAL_BYTES);
}
/* <<write the training-state section>> */
#define OPTIM_FIELDS(X) X(lr) X(weight_decay) X(momentum) X(dampening)        \
    X(nesterov) X(eps) X(lr_decay) X(initial_accumulator_value) X(alpha)       \
    X(centered) X(beta1) X(beta2) X(decay_biases)
#define SCHED_FIELDS(X) X(cfg.base_lr) X(cfg.step_size) X(cfg.gamma)            \
    X(cfg.t_max) X(cfg.warmup) X(cfg.start_factor) X(cfg.min_lr) X(cfg.factor)  \
    X(cfg.patience) X(cfg.threshold) X(t) X(lr) X(best) X(bad)
#define ONE(f) +1
enum { OPTIM_K = 0 OPTIM_FIELDS(ONE), SCHED_K = 0 SCHED_FIELDS(ONE) };
#define WRITE(f) buf_f64(o, (double)c->f);

static void buf_optim(out_buf *o, const nn_optim_config *c)
{
    buf_name(o, nn_optim_name(c->kind)), buf_u64(o, OPTIM_K);
    OPTIM_FIELDS(WRITE)
}

static void buf_sched(out_buf *o, const nn_schedule *c)
{
    buf_name(o, nn_sched_name(c->cfg.kind)), buf_u64(o, SCHED_K);
    SCHED_FIELDS(WRITE)
}
/* <<write the training-state section>> */
static void state_body(out_buf *o, const nn_checkpoint *ck)
{
    const nn_train_state *ts = &ck->state;
    nn_optim_config oc = nn_optim_get_config(ck->opt);
    size_t q, m = ck->settings ? strlen(ck->settings) : 0;
    const nn_real *slots = nn_optim_slots(ck->opt, &q);
    buf_u64(o, m), buf_put(o, ck->settings, m);
    buf_optim(o, &oc);
    buf_u64(o, (uint64_t)nn_optim_steps(ck->opt)), buf_u64(o, q);
    buf_reals(o, q, slots);
    buf_u64(o, ck->has_sched != 0);
    if (ck->has_sched)
        buf_sched(o, &ck->sched);
    buf_u64(o, ts->epochs_done), buf_u64(o, ts->n);
    for (size_t i = 0; i < ts->n; i++)
        buf_u64(o, ts->order[i]);
    const nn_rng *g[3] = { &ts->rng, &ts->layers, &ts->augment };
    for (int k = 0; k < 3; k++)
        buf_u64(o, g[k]->state), buf_u64(o, g[k]->inc);
    buf_u64(o, ts->best_epoch), buf_u64(o, ts->since_best), buf_f64(o, ts->best_acc);
    buf_u64(o, ts->n_best), buf_reals(o, ts->n_best, ts->best);
}
/* <<write the training-state section>> */
static void put_state_section(out_file *f, const nn_checkpoint *ck)
{
    out_buf o = { NULL, 0, 0, 0 };
    unsigned char h[STATE_HEAD_BYTES], t[TRAILER_BYTES];
    state_body(&o, ck);
    memcpy(h, state_magic, 8);
    le32(h + 8, STATE_VERSION), le64(h + 12, o.n);
    f->crc = 0;
    put(f, h, STATE_HEAD_BYTES);
    if (o.n)
        put(f, o.b, o.n);
    le32(t, f->crc);
    put(f, t, TRAILER_BYTES);
    f->failed |= o.failed;
    free(o.b);
}

/* <<write a model to an open file>> */
static int write_model(FILE *f, nn_net *net, const nn_layer_record *recs, size_t R,
                       const nn_checkpoint *ck)
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
    if (ck)                                     /* a checkpoint */
        put_state_section(&o, ck);
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
                                    size_t R, const nn_checkpoint *ck,
                                    const char *path, char *tmp,
                                    nn_save_hook *hook, void *ctx, nn_error *err)
{
    /* <<write the temporary file and force it to the disk>> */
    sprintf(tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return nn_error_set(err, NN_EIO, "%s: cannot create a temporary file "
                            "beside it: %s", path, strerror(errno));
    FILE *f = fdopen(fd, "wb");
    int ok = f && fchmod(fd, 0644) == 0 && write_model(f, net, recs, R, ck)
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
static nn_status save_model(nn_net *net, const nn_checkpoint *ck, const char *path,
                            nn_save_hook *hook, void *ctx, nn_error *err)
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
        s = save_via_temporary(net, recs, R, ck, path, tmp, hook, ctx, err);
    free(recs);
    free(tmp);
    return s;
}

nn_status nn_model_save_hooked(nn_net *net, const char *path, nn_save_hook *hook,
                               void *ctx, nn_error *err)
{
    return save_model(net, NULL, path, hook, ctx, err);
}

nn_status nn_model_save(nn_net *net, const char *path, nn_error *err)
{
    return save_model(net, NULL, path, NULL, NULL, err);
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
    uint64_t extra;                     /* bytes after the model's trailer */
    unsigned char *section;             /* those bytes, a checked training state */
    const unsigned char *body;          /* its body, or NULL: a plain model */
    uint64_t body_bytes;
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
    m->extra = have - TRAILER_BYTES - *P;     /* a training state, or damage */
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

/* <<read the training-state section and verify its checksum>> */
static nn_status read_state_section(FILE *f, const char *path, model_file *m,
                                    nn_error *err)
{
    uint64_t x = m->extra, have, L;
    if (!(m->section = malloc(x)))
        return nn_error_set(err, NN_ENOMEM, "%s: out of memory", path);
    unsigned char *b = m->section;
    if (fread(b, 1, x, f) != x)
        return nn_error_set(err, NN_EIO, "%s: cannot read: %s", path,
                            ferror(f) ? strerror(errno) : "the file shrank");
    if (memcmp(b, state_magic, x < 8 ? x : 8) != 0)
        return nn_error_set(err, NN_EFORMAT, "%s: %llu bytes that are not a training"
                            " state: something follows the model", path,
                            (unsigned long long)x);
    if (x < STATE_HEAD_BYTES + TRAILER_BYTES)
        return nn_error_set(err, NN_EFORMAT, "%s: truncated: the training state "
                            "after the model has only %llu bytes", path,
                            (unsigned long long)x);
    /* <<check the training state's version, length and checksum>> */
    if (get32(b + 8) != STATE_VERSION)
        return nn_error_set(err, NN_EFORMAT, "%s: training state of version %lu; this "
                            "library reads version %d", path,
                            (unsigned long)get32(b + 8), STATE_VERSION);
    L = get64(b + 12), have = x - STATE_HEAD_BYTES - TRAILER_BYTES;
    if (L != have)
        return nn_error_set(err, NN_EFORMAT, "%s: %s: the training state announces %llu "
                            "bytes, %llu follow", path, L > have ? "truncated"
                            : "corrupted", (unsigned long long)L, (unsigned long long)have);
    if (get32(b + STATE_HEAD_BYTES + L) != nn_crc32(0, b, STATE_HEAD_BYTES + L))
        return nn_error_set(err, NN_EFORMAT, "%s: corrupted: the checksum of the "
                            "training state does not match", path);
    m->body = b + STATE_HEAD_BYTES, m->body_bytes = L;
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
    free(m->section);
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
    if (s == NN_OK && m->extra > 0)
        s = read_state_section(f, path, m, err);
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
static nn_status build_from_file(const model_file *m, const char *path,
                                 size_t max_batch, nn_net **out, nn_error *err)
{
    nn_net *net;
    nn_status s = nn_net_create(&net, m->n_in);
    for (size_t i = 0; i < m->n_records && s == NN_OK; i += 1 + m->recs[i].n_inner) {
        nn_layer *l;
        s = nn_layer_rebuild(&m->recs[i], &l);
        if (s == NN_OK)
            s = nn_net_add(net, l);
    }
    if (s == NN_OK)
        s = nn_net_build(net, max_batch);
    if (s == NN_OK)
        copy_values(m, net), *out = net;
    else
        nn_net_free(net), nn_error_set(err, s, "%s: cannot build the network it "
                                       "describes: %s", path, nn_strerror(s));
    return s;
}

nn_status nn_model_load(nn_net **out, const char *path, size_t max_batch,
                        nn_error *err)
{
    *out = NULL;
    model_file m;
    nn_status s = read_model_file(&m, path, err);
    if (s != NN_OK)
        return s;
    s = build_from_file(&m, path, max_batch, out, err);
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

/* <<read the training-state section into a checkpoint>> */
typedef struct in_buf {
    const unsigned char *b;
    uint64_t left;
    int cut;                    /* a field ran past the end */
} in_buf;

static const unsigned char *take(in_buf *in, uint64_t n)
{
    if (n > in->left) {
        in->cut = 1, in->left = 0;
        return NULL;
    }
    const unsigned char *p = in->b;
    in->b += n, in->left -= n;
    return p;
}

static uint64_t take_u64(in_buf *in)
{
    const unsigned char *p = take(in, 8);
    return p ? get64(p) : 0;
}

static double take_f64(in_buf *in)
{
    uint64_t u = take_u64(in);
    double x;
    memcpy(&x, &u, 8);
    return x;
}
/* <<read the training-state section into a checkpoint>> */
static void take_name(in_buf *in, char *s)
{
    const unsigned char *p = take(in, NAME_BYTES);
    memset(s, 0, NAME_BYTES + 1);
    if (p)
        memcpy(s, p, NAME_BYTES);
}

static int take_reals(in_buf *in, unsigned width, uint64_t n, nn_real *x)
{
    if (n > in->left / width)
        return in->cut = 1, 0;
    for (uint64_t i = 0; i < n; i++)
        x[i] = get_real(take(in, width), width);
    return 1;
}
/* <<read the training-state section into a checkpoint>> */
static long whole(double x)
{
    return x >= -2e9 && x <= 2e9 && x == (double)(long)x ? (long)x : -1;
}

#define READ(f)                                                              \
    if (i < K)                                                               \
        c->f = _Generic(c->f, double: v[i], default: whole(v[i]));           \
    i++;

static int take_fields(in_buf *in, double *v, size_t max)
{
    uint64_t K = take_u64(in);
    if (K > max)
        return -1;
    for (uint64_t i = 0; i < K; i++)
        v[i] = take_f64(in);
    return (int)K;
}
/* <<read the training-state section into a checkpoint>> */
static const char *take_optim(in_buf *in, unsigned width, size_t np, nn_optim **out)
{
    char name[NAME_BYTES + 1];
    double v[OPTIM_K];
    nn_optim_config cfg, *c = &cfg;
    take_name(in, name);
    if (nn_optim_parse(name, c) != NN_OK)
        return "an unknown optimizer";
    int K = take_fields(in, v, OPTIM_K), i = 0;
    if (K < 0)
        return "more numbers for the optimizer than this library knows";
    OPTIM_FIELDS(READ)
    if (in->cut || nn_optim_check(c) || nn_optim_create(out, c, np) != NN_OK)
        return "invalid settings of the optimizer";
    long t = whole((double)take_u64(in));
    size_t q, want;
    nn_real *slots = nn_optim_slots(*out, &want);
    if ((q = take_u64(in)) != want || t < 0)
        return "an optimizer's state that does not fit the network";
    nn_optim_set_steps(*out, t);
    return take_reals(in, width, q, slots) ? NULL : "a cut-short optimizer's state";
}
/* <<read the training-state section into a checkpoint>> */
static const char *take_sched(in_buf *in, nn_checkpoint *ck)
{
    char name[NAME_BYTES + 1];
    double v[SCHED_K];
    nn_schedule *c = &ck->sched;
    ck->has_sched = take_u64(in) != 0;
    if (!ck->has_sched)
        return NULL;
    take_name(in, name);
    if (nn_sched_parse(name, 1, &c->cfg) != NN_OK)
        return "an unknown schedule";
    int K = take_fields(in, v, SCHED_K), i = 0;
    if (K < 0)
        return "more numbers for the schedule than this library knows";
    SCHED_FIELDS(READ)
    if (nn_sched_check(&c->cfg) || c->t < 0 || c->bad < 0 || !isfinite(c->lr))
        return "invalid settings of the schedule";
    return NULL;
}
/* <<read the training-state section into a checkpoint>> */
static const char *take_run(in_buf *in, unsigned width, size_t nb, nn_train_state *s)
{
    s->epochs_done = take_u64(in), s->n = take_u64(in);
    if (s->n > in->left / 8 || !(s->order = malloc((s->n + 1) * sizeof *s->order)))
        return s->n = 0, "an order that does not fit";
    unsigned char *seen = calloc(s->n + 1, 1);
    for (size_t i = 0; seen && i < s->n; i++) {
        uint64_t k = take_u64(in);
        s->order[i] = k < s->n && !seen[k] ? (size_t)k : s->n;
        if (k < s->n)
            seen[k]++;
    }
    int perm = seen != NULL;
    for (size_t i = 0; perm && i < s->n; i++)
        perm = seen[i] == 1;
    free(seen);
    if (!perm)
        return "an order that is not a permutation of the examples";
    /* <<read the generators and early stopping's memory>> */
    nn_rng *g[3] = { &s->rng, &s->layers, &s->augment };
    for (int k = 0; k < 3; k++)
        g[k]->state = take_u64(in), g[k]->inc = take_u64(in);
    s->best_epoch = take_u64(in), s->since_best = take_u64(in);
    s->best_acc = take_f64(in);
    uint64_t b = take_u64(in);
    if (b != 0 && b != nb)
        return "a best network of another size";
    if (b && !(s->best = malloc(b * sizeof *s->best)))
        return "a best network too large for the memory";
    s->n_best = b;
    if (b && !take_reals(in, width, b, s->best))
        return "a cut-short best network";
    return NULL;
}
/* <<read the training-state section into a checkpoint>> */
static nn_status take_checkpoint(const model_file *m, const char *path, nn_net *net,
                                 nn_checkpoint *ck, nn_error *err)
{
    in_buf in = { m->body, m->body_bytes, 0 };
    size_t np, ns, len = (size_t)take_u64(&in);
    const char *why = NULL;
    nn_net_params(net, &np), nn_net_state(net, &ns);
    const unsigned char *text = len <= in.left ? take(&in, len) : NULL;
    if (!text || !(ck->settings = malloc(len + 1)))
        why = "settings that do not fit";
    else
        memcpy(ck->settings, text, len), ck->settings[len] = '\0';
    why = why ? why : take_optim(&in, m->width, np, &ck->opt);
    why = why ? why : take_sched(&in, ck);
    why = why ? why : take_run(&in, m->width, np + ns, &ck->state);
    if (!why && (in.cut || in.left))
        why = in.cut ? "fields cut short" : "bytes after its last field";
    return why ? nn_error_set(err, NN_EFORMAT, "%s: corrupted training state: %s",
                              path, why) : NN_OK;
}

/* <<load a checkpoint>> */
nn_status nn_checkpoint_load(nn_net **net, nn_checkpoint *ck, const char *path,
                             size_t max_batch, nn_error *err)
{
    model_file m;
    *net = NULL;
    memset(ck, 0, sizeof *ck);
    nn_status s = read_model_file(&m, path, err);
    if (s != NN_OK)
        return s;
    if (!m.body)
        s = nn_error_set(err, NN_EFORMAT, "%s: a plain model, without the training "
                         "state of a checkpoint: there is no run to resume", path);
    if (s == NN_OK)
        s = build_from_file(&m, path, max_batch, net, err);
    if (s == NN_OK && (s = take_checkpoint(&m, path, *net, ck, err)) != NN_OK) {
        nn_net_free(*net), *net = NULL;
        nn_checkpoint_free(ck);
    }
    free_model_file(&m);
    return s;
}
/* <<load a checkpoint>> */
nn_status nn_checkpoint_save(nn_net *net, const nn_checkpoint *ck, const char *path,
                             nn_error *err)
{
    size_t np = 0, ns = 0;
    if (net && nn_net_max_batch(net) > 0)      /* else save_model says so */
        nn_net_params(net, &np), nn_net_state(net, &ns);
    if (!ck || !ck->opt || (np && nn_optim_size(ck->opt) != np)
        || (np && ck->state.n_best && ck->state.n_best != np + ns)
        || (ck->state.n && !ck->state.order))
        return nn_error_set(err, NN_EINVAL, "%s: not saved: the checkpoint's optimizer"
                            " or state does not fit the network", path ? path : "?");
    return save_model(net, ck, path, NULL, NULL, err);
}

void nn_checkpoint_free(nn_checkpoint *ck)
{
    if (ck) {
        free(ck->settings);
        nn_optim_free(ck->opt);
        nn_train_state_free(&ck->state);
        memset(ck, 0, sizeof *ck);
    }
}

/* Tangled from book/a3-golden.nw by 'make tangle'. Edit the book, not this file. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "golden.h"

/* <<the tokenizer for golden files>> */
typedef struct reader {
    FILE *f;
    const char *path;
    long line;
    char *err;
    size_t errlen;
} reader;

static int next_token(reader *r, char tok[GOLDEN_NAME])
{
    int c;
    for (;;) {
        while ((c = fgetc(r->f)) != EOF && (c == ' ' || c == '\t' || c == '\n'
                                            || c == '\r'))
            r->line += c == '\n';
        if (c != '#')
            break;
        while ((c = fgetc(r->f)) != EOF && c != '\n') {}
        r->line++;
    }
    if (c == EOF)
        return 0;
    size_t n = 0;
    do {
        if (n + 1 >= GOLDEN_NAME)
            return -1;
        tok[n++] = (char)c;
    } while ((c = fgetc(r->f)) != EOF && c != ' ' && c != '\t' && c != '\n'
             && c != '\r');
    if (c == '\n')
        ungetc(c, r->f);
    tok[n] = '\0';
    return 1;
}
/* <<the tokenizer for golden files>> */
static int fail(reader *r, const char *what, const char *tok)
{
    snprintf(r->err, r->errlen, "%s:%ld: %s%s%s", r->path, r->line, what,
             tok ? ": " : "", tok ? tok : "");
    return -1;
}

static int expect_token(reader *r, char tok[GOLDEN_NAME], const char *what)
{
    int k = next_token(r, tok);
    if (k == 0)
        return fail(r, "unexpected end of file, expected", what);
    if (k < 0)
        return fail(r, "token longer than the format allows", NULL);
    return 0;
}

static int expect_number(reader *r, double *v, const char *what)
{
    char tok[GOLDEN_NAME], *end;
    if (expect_token(r, tok, what))
        return -1;
    errno = 0;
    *v = strtod(tok, &end);
    if (*end != '\0' || end == tok)
        return fail(r, "expected a number, got", tok);
    return 0;
}
/* <<read one case>> */
static int read_tensor(reader *r, golden_tensor *t)
{
    double rows, cols;
    if (expect_token(r, t->name, "a tensor name") || expect_number(r, &rows, "rows")
        || expect_number(r, &cols, "cols"))
        return -1;
    if (rows < 1 || cols < 1 || rows > 1e6 || cols > 1e6 || rows * cols > 1e7
        || rows != (size_t)rows || cols != (size_t)cols)
        return fail(r, "impossible tensor shape for", t->name);
    t->rows = (size_t)rows;
    t->cols = (size_t)cols;
    t->data = malloc(t->rows * t->cols * sizeof *t->data);
    if (!t->data)
        return fail(r, "out of memory for tensor", t->name);
    for (size_t i = 0; i < t->rows * t->cols; i++)
        if (expect_number(r, &t->data[i], "a tensor value"))
            return -1;
    return 0;
}
/* <<read one case>> */
static int read_case(reader *r, golden_case *c)
{
    char tok[GOLDEN_NAME];
    memset(c, 0, sizeof *c);
    if (expect_token(r, c->name, "a case name"))
        return -1;
    for (;;) {
        if (expect_token(r, tok, "param, tensor or end"))
            return -1;
        if (strcmp(tok, "end") == 0)
            break;
        if (strcmp(tok, "param") == 0) {
            /* <<read a parameter into c>> */
            if (c->n_tensors > 0)
                return fail(r, "param after a tensor in case", c->name);
            if (c->n_params == GOLDEN_MAX_PARAMS)
                return fail(r, "too many params in case", c->name);
            golden_param *p = &c->params[c->n_params++];
            if (expect_token(r, p->key, "a param key") || expect_token(r, p->word, "a value"))
                return -1;
            char *end;
            p->num = strtod(p->word, &end);
            p->is_num = end != p->word && *end == '\0';
        } else if (strcmp(tok, "tensor") == 0) {
            if (c->n_tensors == GOLDEN_MAX_TENSORS)
                return fail(r, "too many tensors in case", c->name);
            if (read_tensor(r, &c->tensors[c->n_tensors++]))
                return -1;
        } else
            return fail(r, "expected param, tensor or end, got", tok);
    }
    /* <<check that the case names its op>> */
    if (c->n_params == 0 || strcmp(c->params[0].key, "op") != 0)
        return fail(r, "the first param is not op in case", c->name);
    c->op = c->params[0].word;
    return 0;
}
/* <<load a golden file>> */
const char *golden_dir(void)
{
    const char *d = getenv("NN_GOLDEN_DIR");
    return d && *d ? d : "tests/golden";
}

void golden_free(golden_file *g)
{
    for (size_t i = 0; i < g->n_cases; i++)
        for (size_t k = 0; k < g->cases[i].n_tensors; k++)
            free(g->cases[i].tensors[k].data);
    free(g->cases);
    g->cases = NULL;
    g->n_cases = 0;
}
/* <<load a golden file>> */
int golden_load(const char *file, golden_file *g, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    snprintf(g->path, sizeof g->path, "%s/%s", golden_dir(), file);
    reader r = { fopen(g->path, "r"), g->path, 1, err, errlen };
    if (!r.f) {
        snprintf(err, errlen, "%s: %s", g->path, strerror(errno));
        return -1;
    }
    size_t cap = 0;
    char tok[GOLDEN_NAME];
    int k, status = 0;
    while (status == 0 && (k = next_token(&r, tok)) != 0) {
        /* <<read the next case into g, growing the array>> */
        if (k < 0 || strcmp(tok, "case") != 0) {
            status = fail(&r, "expected case, got", k < 0 ? "(over-long token)" : tok);
            break;
        }
        if (g->n_cases == cap) {
            cap = cap ? 2 * cap : 16;
            golden_case *grown = realloc(g->cases, cap * sizeof *grown);
            if (!grown) {
                status = fail(&r, "out of memory", NULL);
                break;
            }
            g->cases = grown;
        }
        status = read_case(&r, &g->cases[g->n_cases]);
        g->n_cases++;           /* counted even on failure, so golden_free frees it */
    }
    fclose(r.f);
    if (status)
        golden_free(g);
    for (size_t i = 0; i < g->n_cases; i++)     /* the array may have moved */
        g->cases[i].op = g->cases[i].params[0].word;
    return status;
}
/* <<look up parameters and tensors>> */
const golden_tensor *golden_tensor_get(const golden_case *c, const char *name)
{
    for (size_t i = 0; i < c->n_tensors; i++)
        if (strcmp(c->tensors[i].name, name) == 0)
            return &c->tensors[i];
    return NULL;
}

const golden_param *golden_param_get(const golden_case *c, const char *key)
{
    for (size_t i = 0; i < c->n_params; i++)
        if (strcmp(c->params[i].key, key) == 0)
            return &c->params[i];
    return NULL;
}

double golden_param_num(const golden_case *c, const char *key, double dflt)
{
    const golden_param *p = golden_param_get(c, key);
    return p && p->is_num ? p->num : dflt;
}
/* <<compare a tensor with the golden values>> */
void golden_tolerance(double *rtol, double *atol)
{
    int is_double = sizeof(nn_real) == sizeof(double);
    *rtol = is_double ? 1e-9 : 1e-4;
    *atol = is_double ? 1e-12 : 1e-5;
}
/* <<compare a tensor with the golden values>> */
int golden_compare(const golden_tensor *want, const nn_real *got,
                   double rtol, double atol, char *msg, size_t msglen)
{
    size_t n = want->rows * want->cols, worst = 0;
    double M = 0, worst_excess = 0;
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        M = fabs(want->data[i]) > M ? fabs(want->data[i]) : M;
    for (size_t i = 0; i < n; i++) {
        double err = fabs((double)got[i] - want->data[i]);
        double allowed = rtol * fabs(want->data[i]) + atol * (M > 1 ? M : 1);
        if (!(err <= allowed)) {             /* NaN fails too */
            bad++;
            if (!(err - allowed <= worst_excess)) {
                worst_excess = err - allowed;
                worst = i;
            }
        }
    }
    if (bad)
        snprintf(msg, msglen, "%s: %d of %zu values off; worst [%zu]: got %.17g, "
                 "want %.17g", want->name, bad, n, worst, (double)got[worst],
                 want->data[worst]);
    return bad;
}
/* <<compare a tensor with the golden values>> */
void golden_report(const golden_file *g, size_t compared)
{
    fprintf(stderr, "golden %s: %zu cases, %zu compared", g->path, g->n_cases,
            compared);
    if (compared < g->n_cases)
        fprintf(stderr, ", %zu not comparable yet", g->n_cases - compared);
    fputc('\n', stderr);
}

/* Tangled from book/200-learning.nw, book/320-speed.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"

struct nn_optim {
    nn_optim_config cfg;
    size_t   n;                 /* parameters */
    long     t;                 /* steps taken */
    nn_real *state;             /* slots(cfg) * n numbers, zero at the start */
};

/* <<the names and defaults of the optimizers>> */
static const char *const optim_names[] = {
    "sgd",
    /* <<names of further optimizers>> */
    /* <<names of further optimizers>> */
    "rmsprop",
};
enum { N_OPTIM_KINDS = sizeof optim_names / sizeof optim_names[0] };

const char *nn_optim_name(nn_optim_kind kind)
{
    return (unsigned)kind < N_OPTIM_KINDS ? optim_names[kind] : "unknown";
}

nn_status nn_optim_parse(const char *name, nn_optim_kind *kind)
{
    for (unsigned k = 0; k < N_OPTIM_KINDS; k++)
        if (strcmp(name, optim_names[k]) == 0) {
            *kind = (nn_optim_kind)k;
            return NN_OK;
        }
    return NN_EINVAL;
}
/* <<the names and defaults of the optimizers>> */
nn_optim_config nn_optim_default(nn_optim_kind kind)
{
    nn_optim_config c = { .kind = kind, .lr = 0.01 };
    /* <<set the defaults of further optimizers>> */
    /* <<set the defaults of further optimizers>> */
    if (kind == NN_OPTIM_RMSPROP)
        c.alpha = 0.99, c.eps = 1e-8;
    return c;
}

/* <<check an optimizer's configuration and size its state>> */
static int optim_valid(const nn_optim_config *c)
{
    if (!(c->lr >= 0 && c->lr < INFINITY && c->weight_decay >= 0))
        return 0;
    switch (c->kind) {
    case NN_OPTIM_SGD:
        return c->momentum >= 0 && c->momentum < 1 && c->dampening >= 0
            && c->dampening <= 1 && (!c->nesterov || (c->momentum > 0
                                                      && c->dampening == 0));
    /* <<check the configuration of further optimizers>> */
    /* <<check the configuration of further optimizers>> */
    case NN_OPTIM_RMSPROP:
        return c->alpha >= 0 && c->alpha < 1 && c->eps > 0 && c->eps < INFINITY
            && c->momentum >= 0 && c->momentum < 1 && c->dampening == 0 && !c->nesterov;
    }
    return 0;
}

static size_t optim_slots(const nn_optim_config *c)
{
    switch (c->kind) {
    case NN_OPTIM_SGD: return c->momentum != 0;
    /* <<the state of further optimizers>> */
    /* <<the state of further optimizers>> */
    case NN_OPTIM_RMSPROP:
        return 1 + (c->centered != 0) + (c->momentum != 0);
    }
    return 0;
}

/* <<create and free an optimizer>> */
nn_status nn_optim_create(nn_optim **out, const nn_optim_config *cfg, size_t n)
{
    *out = NULL;
    if ((unsigned)cfg->kind >= N_OPTIM_KINDS || !optim_valid(cfg) || n == 0)
        return NN_EINVAL;
    nn_optim *o = calloc(1, sizeof *o);
    size_t slots = optim_slots(cfg);
    if (o && slots && !(o->state = calloc(slots * n, sizeof *o->state))) {
        free(o);
        o = NULL;
    }
    if (!o)
        return NN_ENOMEM;
    o->cfg = *cfg;
    o->n = n;
    *out = o;
    return NN_OK;
}
/* <<create and free an optimizer>> */
void nn_optim_free(nn_optim *o)
{
    if (o) {
        free(o->state);
        free(o);
    }
}

void   nn_optim_set_lr(nn_optim *o, double lr) { o->cfg.lr = lr; }
double nn_optim_lr(const nn_optim *o) { return o->cfg.lr; }
size_t nn_optim_size(const nn_optim *o) { return o->n; }

/* <<the SGD step>> */
static void sgd_step(nn_optim *o, nn_real *p, const nn_real *g)
{
    const nn_optim_config *c = &o->cfg;
    nn_real lr = (nn_real)c->lr, wd = (nn_real)c->weight_decay;
    nn_real mu = (nn_real)c->momentum, keep = (nn_real)(1 - c->dampening);
    nn_real *b = o->state;
    size_t n = o->n;
    int first = o->t == 1, nesterov = c->nesterov;
    if (!b) {                                               /* no momentum */
        /* <<share a long loop over the parameters among the threads>> */
        #pragma omp parallel for schedule(static) if (o->n >= 32768)
        for (size_t i = 0; i < n; i++)
            p[i] -= lr * (g[i] + wd * p[i]);
        return;
    }
    /* <<share a long loop over the parameters among the threads>> */
    #pragma omp parallel for schedule(static) if (o->n >= 32768)
    for (size_t i = 0; i < n; i++) {
        nn_real d = g[i] + wd * p[i];                       /* g_t */
        b[i] = first ? d : mu * b[i] + keep * d;            /* b_t */
        p[i] -= lr * (nesterov ? d + mu * b[i] : b[i]);     /* d_t */
    }
}

/* <<declare the steps of further optimizers>> */
/* <<declare the steps of further optimizers>> */
static void rmsprop_step(nn_optim *o, nn_real *p, const nn_real *g);

/* <<take one optimizer step>> */
void nn_optim_step(nn_optim *o, nn_real *params, const nn_real *grads)
{
    o->t++;
    switch (o->cfg.kind) {
    case NN_OPTIM_SGD: sgd_step(o, params, grads); break;
    /* <<the steps of further optimizers>> */
    /* <<the steps of further optimizers>> */
    case NN_OPTIM_RMSPROP: rmsprop_step(o, params, grads); break;
    }
}

/* Chapter 9: the RMSProp step. */
#ifdef NN_DOUBLE
#define real_sqrt sqrt
#else
#define real_sqrt sqrtf
#endif

static void rmsprop_step(nn_optim *o, nn_real *p, const nn_real *g)
{
    const nn_optim_config *c = &o->cfg;
    nn_real lr = (nn_real)c->lr, wd = (nn_real)c->weight_decay;
    nn_real alpha = (nn_real)c->alpha, eps = (nn_real)c->eps, mu = (nn_real)c->momentum;
    nn_real *v = o->state, *a = c->centered ? v + o->n : NULL;
    nn_real *b = mu != 0 ? v + o->n * (a ? 2 : 1) : NULL;
    /* <<share a long loop over the parameters among the threads>> */
    #pragma omp parallel for schedule(static) if (o->n >= 32768)
    for (size_t i = 0; i < o->n; i++) {
        nn_real d = g[i] + wd * p[i];                   /* g_t */
        v[i] = alpha * v[i] + (1 - alpha) * d * d;      /* (speed-rms-v) */
        nn_real var = v[i];
        if (a) {
            a[i] = alpha * a[i] + (1 - alpha) * d;
            var -= a[i] * a[i];
        }
        nn_real den = real_sqrt(var) + eps;
        if (b) {
            b[i] = mu * b[i] + d / den;
            p[i] -= lr * b[i];
        } else
            p[i] -= lr * (d / den);                     /* (speed-rms-step) */
    }
}

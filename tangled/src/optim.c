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

/* <<check SGD's configuration and size its state>> */
static const char *sgd_check(const nn_optim_config *c)
{
    if (!(c->momentum >= 0 && c->momentum < 1))
        return "sgd: the momentum must lie in [0, 1)";
    if (!(c->dampening >= 0 && c->dampening <= 1))
        return "sgd: the dampening must lie in [0, 1]";
    if (c->nesterov && !(c->momentum > 0 && c->dampening == 0))
        return "sgd: Nesterov momentum needs a momentum and no dampening";
    return NULL;
}

static size_t sgd_slots(const nn_optim_config *c)
{
    return c->momentum != 0;
}

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

/* <<declare the functions of further optimizers>> */
static const char *rmsprop_check(const nn_optim_config *c);
static size_t rmsprop_slots(const nn_optim_config *c);
static void rmsprop_step(nn_optim *o, nn_real *p, const nn_real *g);

/* <<the table of optimizers>> */
typedef struct optim_row {
    const char *name;
    nn_optim_config defaults;               /* PyTorch's, with lr = 0.01 */
    double suggested_lr, suggested_momentum;
    const char *(*check)(const nn_optim_config *c);   /* NULL: valid */
    size_t (*slots)(const nn_optim_config *c);        /* state per parameter */
    void (*step)(nn_optim *o, nn_real *p, const nn_real *g);
} optim_row;
/* <<the table of optimizers>> */
static const optim_row optim_table[NN_OPTIM_COUNT] = {
    [NN_OPTIM_SGD] = { "sgd", { .kind = NN_OPTIM_SGD, .lr = 0.01 }, 0.05, 0.9,
                       sgd_check, sgd_slots, sgd_step },
    /* <<the rows of further optimizers>> */
    [NN_OPTIM_RMSPROP] = { "rmsprop", { .kind = NN_OPTIM_RMSPROP, .lr = 0.01,
                                        .alpha = 0.99, .eps = 1e-8 }, 0.001, 0,
                           rmsprop_check, rmsprop_slots, rmsprop_step },
};

/* <<the names and defaults of the optimizers>> */
const char *nn_optim_name(nn_optim_kind kind)
{
    return (unsigned)kind < NN_OPTIM_COUNT ? optim_table[kind].name : "unknown";
}

nn_status nn_optim_parse(const char *name, nn_optim_config *out)
{
    for (int k = 0; name && k < NN_OPTIM_COUNT; k++)
        if (strcmp(name, optim_table[k].name) == 0) {
            *out = optim_table[k].defaults;
            return NN_OK;
        }
    return NN_EINVAL;
}
/* <<the names and defaults of the optimizers>> */
nn_optim_config nn_optim_default(nn_optim_kind kind)
{
    nn_optim_config c = { .kind = kind, .lr = 0.01 };
    return (unsigned)kind < NN_OPTIM_COUNT ? optim_table[kind].defaults : c;
}

nn_optim_config nn_optim_suggested(nn_optim_kind kind)
{
    nn_optim_config c = nn_optim_default(kind);
    if ((unsigned)kind < NN_OPTIM_COUNT) {
        c.lr = optim_table[kind].suggested_lr;
        c.momentum = optim_table[kind].suggested_momentum;
    }
    return c;
}

/* <<check an optimizer's configuration>> */
const char *nn_optim_check(const nn_optim_config *c)
{
    if ((unsigned)c->kind >= NN_OPTIM_COUNT)
        return "unknown kind of optimizer";
    if (!(c->lr >= 0 && c->lr < INFINITY))
        return "the learning rate must be finite and not negative";
    if (!(c->weight_decay >= 0))
        return "the weight decay must not be negative";
    return optim_table[c->kind].check(c);
}

/* <<create and free an optimizer>> */
nn_status nn_optim_create(nn_optim **out, const nn_optim_config *cfg, size_t n)
{
    *out = NULL;
    if (nn_optim_check(cfg) || n == 0)
        return NN_EINVAL;
    nn_optim *o = calloc(1, sizeof *o);
    size_t slots = optim_table[cfg->kind].slots(cfg);
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

/* <<take one optimizer step>> */
void nn_optim_step(nn_optim *o, nn_real *params, const nn_real *grads)
{
    o->t++;
    optim_table[o->cfg.kind].step(o, params, grads);
}

/* RMSProp's checks, state and step. */
static const char *rmsprop_check(const nn_optim_config *c)
{
    if (!(c->alpha >= 0 && c->alpha < 1))
        return "rmsprop: the decay alpha must lie in [0, 1)";
    if (!(c->eps > 0 && c->eps < INFINITY))
        return "rmsprop: eps must be positive and finite";
    if (!(c->momentum >= 0 && c->momentum < 1))
        return "rmsprop: the momentum must lie in [0, 1)";
    if (c->dampening != 0 || c->nesterov)
        return "rmsprop: dampening and Nesterov momentum belong to SGD";
    return NULL;
}

static size_t rmsprop_slots(const nn_optim_config *c)
{
    return 1 + (c->centered != 0) + (c->momentum != 0);
}

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

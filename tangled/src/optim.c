/* Tangled from book/200-learning.nw, book/220-optimizers.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <omp.h>                    /* threads: the speed chapter */
#include <stdlib.h>
#include <string.h>
#include "nn.h"
#include "vectorize.h"              /* NN_VECTORIZE: the speed chapter */

struct nn_optim {
    nn_optim_config cfg;
    size_t   n;                 /* parameters */
    long     t;                 /* steps taken */
    nn_real *state;             /* slots(cfg) * n numbers, zero at the start */
    unsigned char *mask;        /* 0: not decayed; NULL: all decayed */
};

/* <<the weight decay of one parameter>> */
static inline nn_real decay_at(const nn_optim *o, nn_real wd, size_t i)
{
    return o->mask && !o->mask[i] ? 0 : wd;
}

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
NN_VECTORIZE static void sgd_step(const nn_optim *o, size_t i0, size_t i1, nn_real *p,
                              const nn_real *g)
{
    const nn_optim_config *c = &o->cfg;
    nn_real lr = (nn_real)c->lr, wd = (nn_real)c->weight_decay;
    nn_real mu = (nn_real)c->momentum, keep = (nn_real)(1 - c->dampening);
    nn_real *b = o->state;
    int first = o->t == 1, nesterov = c->nesterov;
    if (!b) {                                               /* no momentum */
        for (size_t i = i0; i < i1; i++)
            p[i] -= lr * (g[i - i0] + decay_at(o, wd, i) * p[i]);
        return;
    }
    for (size_t i = i0; i < i1; i++) {
        nn_real d = g[i - i0] + decay_at(o, wd, i) * p[i];  /* g_t */
        b[i] = first ? d : mu * b[i] + keep * d;            /* b_t */
        p[i] -= lr * (nesterov ? d + mu * b[i] : b[i]);     /* d_t */
    }
}

/* <<declare the functions of further optimizers>> */
static const char *adagrad_check(const nn_optim_config *c);
static size_t adagrad_slots(const nn_optim_config *c);
static void adagrad_step(const nn_optim *o, size_t i0, size_t i1, nn_real *p,
                         const nn_real *g);
/* <<declare the functions of further optimizers>> */
static const char *rmsprop_check(const nn_optim_config *c);
static size_t rmsprop_slots(const nn_optim_config *c);
static void rmsprop_step(const nn_optim *o, size_t i0, size_t i1, nn_real *p,
                         const nn_real *g);
/* <<declare the functions of further optimizers>> */
static const char *adam_check(const nn_optim_config *c);
static size_t adam_slots(const nn_optim_config *c);
static void adam_step(const nn_optim *o, size_t i0, size_t i1, nn_real *p,
                      const nn_real *g);

/* <<the table of optimizers>> */
typedef struct optim_row {
    const char *name;
    nn_optim_config defaults;               /* PyTorch's, with lr = 0.01 */
    double suggested_lr, suggested_momentum;
    const char *(*check)(const nn_optim_config *c);   /* NULL: valid */
    size_t (*slots)(const nn_optim_config *c);        /* state per parameter */
    void (*step)(const nn_optim *o, size_t i0, size_t i1,   /* parameters i0..i1-1 */
                 nn_real *p, const nn_real *g);     /* g[i - i0]: i's gradient */
} optim_row;
/* <<the table of optimizers>> */
static const optim_row optim_table[NN_OPTIM_COUNT] = {
    [NN_OPTIM_SGD] = { "sgd", { .kind = NN_OPTIM_SGD, .lr = 0.01 }, 0.05, 0.9,
                       sgd_check, sgd_slots, sgd_step },
    /* <<the rows of further optimizers>> */
    [NN_OPTIM_ADAGRAD] = { "adagrad", { .kind = NN_OPTIM_ADAGRAD, .lr = 0.01,
                                        .eps = 1e-10 }, 0.01, 0,
                           adagrad_check, adagrad_slots, adagrad_step },
    /* <<the rows of further optimizers>> */
    [NN_OPTIM_RMSPROP] = { "rmsprop", { .kind = NN_OPTIM_RMSPROP, .lr = 0.01,
                                        .alpha = 0.99, .eps = 1e-8 }, 0.001, 0,
                           rmsprop_check, rmsprop_slots, rmsprop_step },
    /* <<the rows of further optimizers>> */
    [NN_OPTIM_ADAM] = { "adam", { .kind = NN_OPTIM_ADAM, .lr = 0.01, .beta1 = 0.9,
                                  .beta2 = 0.999, .eps = 1e-8 }, 0.001, 0,
                        adam_check, adam_slots, adam_step },
    [NN_OPTIM_ADAMW] = { "adamw", { .kind = NN_OPTIM_ADAMW, .lr = 0.01, .beta1 = 0.9,
                                    .beta2 = 0.999, .eps = 1e-8,
                                    .weight_decay = 0.01 }, 0.001, 0,
                         adam_check, adam_slots, adam_step },
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
        free(o->mask);
        free(o);
    }
}

void   nn_optim_set_lr(nn_optim *o, double lr) { o->cfg.lr = lr; }
double nn_optim_lr(const nn_optim *o) { return o->cfg.lr; }
size_t nn_optim_size(const nn_optim *o) { return o->n; }

/* <<take one optimizer step>> */
void nn_optim_begin_step(nn_optim *o)
{
    o->t++;
}

void nn_optim_update(const nn_optim *o, size_t at, size_t n, nn_real *params,
                     const nn_real *grads)
{
    size_t pieces = n / 16384 + 1;
    /* <<share the pieces of a long update among the threads>> */
    if (pieces <= 2 || omp_in_parallel()) {
        optim_table[o->cfg.kind].step(o, at, at + n, params, grads);
        return;
    }
    #pragma omp parallel for schedule(static)
    for (size_t k = 0; k < pieces; k++)
        optim_table[o->cfg.kind].step(o, at + n * k / pieces, at + n * (k + 1) / pieces,
                                      params, grads + n * k / pieces);
}

void nn_optim_step(nn_optim *o, nn_real *params, const nn_real *grads)
{
    nn_optim_begin_step(o);
    nn_optim_update(o, 0, o->n, params, grads);
}

/* <<read and restore an optimizer's state>> */
nn_optim_config nn_optim_get_config(const nn_optim *o) { return o->cfg; }
long nn_optim_steps(const nn_optim *o) { return o->t; }
void nn_optim_set_steps(nn_optim *o, long t) { o->t = t; }

nn_real *nn_optim_slots(nn_optim *o, size_t *n)
{
    *n = o->state ? optim_table[o->cfg.kind].slots(&o->cfg) * o->n : 0;
    return o->state;
}

static const char *no_sgd_momentum(const nn_optim_config *c, const char *msg)
{
    return c->momentum != 0 || c->dampening != 0 || c->nesterov ? msg : NULL;
}

static const char *adagrad_check(const nn_optim_config *c)
{
    if (!(c->lr_decay >= 0 && c->lr_decay < INFINITY))
        return "adagrad: lr_decay must be finite and not negative";
    if (!(c->initial_accumulator_value >= 0
          && c->initial_accumulator_value < INFINITY))
        return "adagrad: initial_accumulator_value must be finite and not negative";
    if (!(c->eps > 0 && c->eps < INFINITY))
        return "adagrad: eps must be positive and finite";
    return no_sgd_momentum(c, "adagrad: momentum belongs to SGD and RMSProp");
}

static size_t adagrad_slots(const nn_optim_config *c)
{
    (void)c;
    return 1;
}

#ifdef NN_DOUBLE
#define real_sqrt sqrt
#else
#define real_sqrt sqrtf
#endif

NN_VECTORIZE static void adagrad_step(const nn_optim *o, size_t i0, size_t i1,
                                  nn_real *p, const nn_real *g)
{
    const nn_optim_config *c = &o->cfg;
    nn_real wd = (nn_real)c->weight_decay, eps = (nn_real)c->eps;
    nn_real clr = (nn_real)(c->lr / (1 + (double)(o->t - 1) * c->lr_decay));
    nn_real s0 = (nn_real)c->initial_accumulator_value, *s = o->state;
    int first = o->t == 1;
    for (size_t i = i0; i < i1; i++) {
        nn_real d = g[i - i0] + decay_at(o, wd, i) * p[i];  /* g_t */
        s[i] = (first ? s0 : s[i]) + d * d;            /* (opt-adagrad-s) */
        p[i] -= clr * (d / (real_sqrt(s[i]) + eps));   /* (opt-adagrad-step) */
    }
}

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

NN_VECTORIZE static void rmsprop_step(const nn_optim *o, size_t i0, size_t i1,
                                  nn_real *p, const nn_real *g)
{
    const nn_optim_config *c = &o->cfg;
    nn_real lr = (nn_real)c->lr, wd = (nn_real)c->weight_decay;
    nn_real alpha = (nn_real)c->alpha, eps = (nn_real)c->eps;
    nn_real mu = (nn_real)c->momentum;
    nn_real *v = o->state, *a = c->centered ? v + o->n : NULL;
    nn_real *b = mu != 0 ? v + o->n * (a ? 2 : 1) : NULL;
    if (!a && !b) {
        /* <<RMSProp's plain step, in a loop without tests>> */
        for (size_t i = i0; i < i1; i++) {
            nn_real d = g[i - i0] + decay_at(o, wd, i) * p[i];  /* g_t */
            v[i] = alpha * v[i] + (1 - alpha) * d * d;          /* (opt-rms-v) */
            p[i] -= lr * (d / (real_sqrt(v[i]) + eps));         /* (opt-rms-step) */
        }
        return;
    }
    for (size_t i = i0; i < i1; i++) {
        nn_real d = g[i - i0] + decay_at(o, wd, i) * p[i]; /* g_t */
        v[i] = alpha * v[i] + (1 - alpha) * d * d;      /* (opt-rms-v) */
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
            p[i] -= lr * (d / den);                     /* (opt-rms-step) */
    }
}

static const char *adam_check(const nn_optim_config *c)
{
    if (!(c->beta1 >= 0 && c->beta1 < 1) || !(c->beta2 >= 0 && c->beta2 < 1))
        return "adam: beta1 and beta2 must lie in [0, 1)";
    if (!(c->eps > 0 && c->eps < INFINITY))
        return "adam: eps must be positive and finite";
    return no_sgd_momentum(c, "adam: momentum belongs to SGD and RMSProp; "
                              "beta1 is Adam's");
}

static size_t adam_slots(const nn_optim_config *c)
{
    (void)c;
    return 2;
}

NN_VECTORIZE static void adam_step(const nn_optim *o, size_t i0, size_t i1,
                                  nn_real *p, const nn_real *g)
{
    const nn_optim_config *c = &o->cfg;
    nn_real lr = (nn_real)c->lr, wd = (nn_real)c->weight_decay;
    nn_real b1 = (nn_real)c->beta1, b2 = (nn_real)c->beta2, eps = (nn_real)c->eps;
    double t = (double)o->t;
    nn_real step = (nn_real)(c->lr / (1 - pow(c->beta1, t)));   /* eta/(1-b1^t) */
    nn_real root2 = (nn_real)sqrt(1 - pow(c->beta2, t));        /* sqrt(1-b2^t) */
    int decoupled = c->kind == NN_OPTIM_ADAMW;
    nn_real *m = o->state, *v = m + o->n;
    for (size_t i = i0; i < i1; i++) {
        nn_real d = g[i - i0], wdi = decay_at(o, wd, i);
        if (decoupled)
            p[i] *= 1 - lr * wdi;                          /* (opt-adamw) */
        else
            d += wdi * p[i];                               /* coupled: L2 */
        m[i] = b1 * m[i] + (1 - b1) * d;                   /* (opt-adam-m) */
        v[i] = b2 * v[i] + (1 - b2) * d * d;               /* (opt-adam-v) */
        nn_real den = real_sqrt(v[i]) / root2 + eps;
        p[i] -= step * (m[i] / den);                       /* (opt-adam-step) */
    }
}

nn_status nn_optim_set_decay_mask(nn_optim *o, const unsigned char *mask)
{
    if (!mask) {
        free(o->mask);
        o->mask = NULL;
        return NN_OK;
    }
    if (!o->mask && !(o->mask = malloc(o->n)))
        return NN_ENOMEM;
    memcpy(o->mask, mask, o->n);
    return NN_OK;
}

nn_status nn_optim_decay_from_net(nn_optim *o, const nn_net *net)
{
    size_t n = nn_net_n_params(net);
    if (n != o->n)
        return NN_EINVAL;
    if (o->cfg.decay_biases || o->cfg.weight_decay == 0 || o->mask)
        return NN_OK;
    if (!(o->mask = malloc(n)))
        return NN_ENOMEM;
    nn_net_decay_mask(net, o->mask);
    return NN_OK;
}

/* Tangled from book/222-schedules.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <string.h>
#include "nn.h"

#define NN_SCHED_PI 3.14159265358979323846

/* <<the rates of the fixed schedules>> */
static double constant_rate(nn_schedule *s, double v)
{
    (void)v;
    return s->cfg.base_lr;
}

static double step_rate(nn_schedule *s, double v)
{
    (void)v;
    return s->cfg.base_lr * pow(s->cfg.gamma, (double)(s->t / s->cfg.step_size));
}                                                           /* eq. sched-step */

static double exp_rate(nn_schedule *s, double v)
{
    (void)v;
    return s->cfg.base_lr * pow(s->cfg.gamma, (double)s->t);  /* eq. sched-exp */
}
/* <<the rates of the fixed schedules>> */
static double cosine_at(double lr, double min_lr, double t, double T)
{
    return min_lr + (lr - min_lr) * (1 + cos(NN_SCHED_PI * t / T)) / 2;
}

static double cosine_rate(nn_schedule *s, double v)
{
    (void)v;                                                /* eq. sched-cosine */
    return cosine_at(s->cfg.base_lr, s->cfg.min_lr, (double)s->t,
                     (double)s->cfg.t_max);
}
/* <<the rates of the fixed schedules>> */
static double warmup_rate(nn_schedule *s, double v)
{
    const nn_sched_config *c = &s->cfg;
    (void)v;
    if (s->t < c->warmup)                                   /* eq. sched-warmup */
        return c->base_lr * (c->start_factor + (1 - c->start_factor)
                                               * (double)s->t / (double)c->warmup);
    if (s->t <= c->t_max)
        return cosine_at(c->base_lr, c->min_lr, (double)(s->t - c->warmup),
                         (double)(c->t_max - c->warmup));
    return c->min_lr;
}

/* <<the rate of the plateau schedule>> */
static double plateau_rate(nn_schedule *s, double val_loss)
{
    const nn_sched_config *c = &s->cfg;
    if (val_loss < s->best * (1 - c->threshold)) {          /* eq. sched-plateau */
        s->best = val_loss;
        s->bad = 0;
    } else
        s->bad++;
    if (s->bad > c->patience) {
        double lr = fmax(s->lr * c->factor, c->min_lr);
        if (s->lr - lr > 1e-8)
            s->lr = lr;
        s->bad = 0;
    }
    return s->lr;
}

/* <<check the schedules' parameters>> */
static const char *no_check(const nn_sched_config *c)
{
    (void)c;
    return NULL;
}

static const char *step_check(const nn_sched_config *c)
{
    if (c->step_size < 1)
        return "step: the step size must be at least 1";
    if (!(c->gamma > 0 && c->gamma <= 1))
        return "step: gamma must lie in (0, 1]";
    return NULL;
}

static const char *exp_check(const nn_sched_config *c)
{
    return c->gamma > 0 && c->gamma <= 1 ? NULL : "exp: gamma must lie in (0, 1]";
}
/* <<check the schedules' parameters>> */
static const char *cosine_check(const nn_sched_config *c)
{
    return c->t_max >= 1 ? NULL : "cosine: the period T must be at least 1 step";
}

static const char *warmup_check(const nn_sched_config *c)
{
    if (!(c->warmup >= 0 && c->warmup < c->t_max))
        return "warmup-cosine: the warm-up W must satisfy 0 <= W < T (the total)";
    if (!(c->start_factor >= 0 && c->start_factor <= 1))
        return "warmup-cosine: the start factor must lie in [0, 1]";
    return NULL;
}

static const char *plateau_check(const nn_sched_config *c)
{
    if (!(c->factor > 0 && c->factor < 1))
        return "plateau: the factor must lie in (0, 1)";
    if (c->patience < 0)
        return "plateau: the patience must not be negative";
    if (!(c->threshold >= 0 && c->threshold < 1))
        return "plateau: the threshold must lie in [0, 1)";
    return NULL;
}

/* <<the table of schedules>> */
typedef struct sched_row {
    const char *name;
    nn_sched_config defaults;               /* base_lr is the caller's */
    const char *(*check)(const nn_sched_config *c);   /* NULL: valid */
    double (*rate)(nn_schedule *s, double val_loss);  /* eta_t after step t */
} sched_row;
/* <<the table of schedules>> */
static const sched_row sched_table[NN_SCHED_COUNT] = {
    [NN_SCHED_CONSTANT] = { "constant", { .kind = NN_SCHED_CONSTANT },
                            no_check, constant_rate },
    [NN_SCHED_STEP] = { "step", { .kind = NN_SCHED_STEP, .step_size = 10,
                                  .gamma = 0.1 }, step_check, step_rate },
    [NN_SCHED_EXP] = { "exp", { .kind = NN_SCHED_EXP, .gamma = 0.95 },
                       exp_check, exp_rate },
    [NN_SCHED_COSINE] = { "cosine", { .kind = NN_SCHED_COSINE, .t_max = 20 },
                          cosine_check, cosine_rate },
    [NN_SCHED_WARMUP_COSINE] = { "warmup-cosine", { .kind = NN_SCHED_WARMUP_COSINE,
                                 .t_max = 20, .warmup = 2, .start_factor = 0.1 },
                                 warmup_check, warmup_rate },
    [NN_SCHED_PLATEAU] = { "plateau", { .kind = NN_SCHED_PLATEAU, .factor = 0.1,
                           .patience = 10, .threshold = 1e-4 },
                           plateau_check, plateau_rate },
};

/* <<the schedules' names, defaults and checks>> */
const char *nn_sched_name(nn_sched_kind kind)
{
    return (unsigned)kind < NN_SCHED_COUNT ? sched_table[kind].name : "unknown";
}

nn_sched_config nn_sched_default(nn_sched_kind kind, double base_lr)
{
    nn_sched_config c = { .kind = kind };
    if ((unsigned)kind < NN_SCHED_COUNT)
        c = sched_table[kind].defaults;
    c.base_lr = base_lr;
    return c;
}
/* <<the schedules' names, defaults and checks>> */
nn_status nn_sched_parse(const char *name, double base_lr, nn_sched_config *out)
{
    for (int k = 0; name && k < NN_SCHED_COUNT; k++)
        if (strcmp(name, sched_table[k].name) == 0) {
            *out = nn_sched_default((nn_sched_kind)k, base_lr);
            return NN_OK;
        }
    return NN_EINVAL;
}

const char *nn_sched_check(const nn_sched_config *c)
{
    if ((unsigned)c->kind >= NN_SCHED_COUNT)
        return "unknown kind of schedule";
    if (!(c->base_lr >= 0 && c->base_lr < INFINITY))
        return "the learning rate must be finite and not negative";
    if (!(c->min_lr >= 0 && c->min_lr <= c->base_lr))
        return "the minimum learning rate must lie in [0, the learning rate]";
    return sched_table[c->kind].check(c);
}

/* <<start and step a schedule>> */
nn_status nn_sched_init(nn_schedule *s, const nn_sched_config *c)
{
    if (nn_sched_check(c))
        return NN_EINVAL;
    *s = (nn_schedule){ .cfg = *c, .t = 0, .lr = c->base_lr, .best = INFINITY };
    if (c->kind != NN_SCHED_PLATEAU)
        s->lr = sched_table[c->kind].rate(s, NAN);
    return NN_OK;
}

double nn_sched_step(nn_schedule *s, double val_loss)
{
    s->t++;
    s->lr = sched_table[s->cfg.kind].rate(s, val_loss);
    return s->lr;
}

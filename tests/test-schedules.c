/* Tangled from book/a1-222-schedules.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "nn.h"
#include "golden.h"

/* <<translate a golden schedule case into a configuration>> */
static int golden_schedule(const golden_case *c, nn_sched_config *cfg)
{
    double lr = golden_param_num(c, "base_lr", NAN);
    if (strcmp(c->op, "step_lr") == 0) {
        *cfg = nn_sched_default(NN_SCHED_STEP, lr);
        cfg->step_size = (long)golden_param_num(c, "step_size", 0);
    } else if (strcmp(c->op, "exponential_lr") == 0)
        *cfg = nn_sched_default(NN_SCHED_EXP, lr);
    else if (strcmp(c->op, "cosine_annealing_lr") == 0) {
        *cfg = nn_sched_default(NN_SCHED_COSINE, lr);
        cfg->t_max = (long)golden_param_num(c, "T_max", 0);
        cfg->min_lr = golden_param_num(c, "eta_min", NAN);
    } else if (strcmp(c->op, "warmup_cosine") == 0) {
        *cfg = nn_sched_default(NN_SCHED_WARMUP_COSINE, lr);
        cfg->warmup = (long)golden_param_num(c, "warmup_steps", -1);
        cfg->t_max = (long)golden_param_num(c, "total_steps", 0);
        cfg->start_factor = golden_param_num(c, "start_factor", NAN);
        cfg->min_lr = golden_param_num(c, "min_lr", NAN);
    } else
        return -1;
    cfg->gamma = golden_param_num(c, "gamma", cfg->gamma);
    return 0;
}
/* <<test the schedules against the golden vectors>> */
Test(schedule, matches_pytorch_golden_rates)
{
    golden_file g;
    char err[512];
    cr_assert_eq(golden_load("schedules.txt", &g, err, sizeof err), 0, "%s", err);
    for (size_t k = 0; k < g.n_cases; k++) {
        const golden_case *c = &g.cases[k];
        nn_sched_config cfg;
        nn_schedule s;
        cr_assert_eq(golden_schedule(c, &cfg), 0, "case %s: unknown op %s",
                     c->name, c->op);
        cr_assert_eq(nn_sched_init(&s, &cfg), NN_OK, "case %s: %s", c->name,
                     nn_sched_check(&cfg));
        size_t N = (size_t)golden_param_num(c, "last_step", 0);
        nn_real *lr = malloc((N + 1) * sizeof *lr);
        lr[0] = (nn_real)s.lr;
        for (size_t t = 1; t <= N; t++)
            lr[t] = (nn_real)nn_sched_step(&s, NAN);
        GOLDEN_EXPECT(c, "lr", lr);
        free(lr);
    }
    golden_report(&g, g.n_cases);
    cr_assert_gt(g.n_cases, 0, "no case compared");
    golden_free(&g);
}
/* <<test the plateau schedule on losses worked by hand>> */
Test(schedule, plateau_reduces_after_patience)
{
    nn_sched_config c = nn_sched_default(NN_SCHED_PLATEAU, 1.0);
    c.patience = 2, c.factor = 0.5, c.threshold = 0.1, c.min_lr = 0.3;
    nn_schedule s;
    cr_assert_eq(nn_sched_init(&s, &c), NN_OK);
    static const double loss[] = { 1, 0.95, 0.95, 0.95, 0.95, 0.95, 0.5,
                                   0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6 };
    static const double want[] = { 1, 1, 1, 0.5, 0.5, 0.5, 0.5,
                                   0.5, 0.5, 0.3, 0.3, 0.3,
                                   0.3, 0.3, 0.3, 0.3 };
    for (size_t t = 0; t < sizeof loss / sizeof *loss; t++)
        cr_assert_eq(nn_sched_step(&s, loss[t]), want[t], "epoch %zu: rate %g, "
                     "want %g", t + 1, s.lr, want[t]);
    cr_assert_eq(s.best, 0.5);
}
/* <<test that schedules refuse impossible parameters>> */
Test(schedule, refuses_impossible_parameters)
{
    nn_sched_config c = nn_sched_default(NN_SCHED_STEP, 0.1);
    c.step_size = 0;
    cr_assert_not_null(nn_sched_check(&c));
    c = nn_sched_default(NN_SCHED_WARMUP_COSINE, 0.1);
    c.warmup = c.t_max;
    cr_assert_not_null(nn_sched_check(&c));
    c = nn_sched_default(NN_SCHED_COSINE, 0.1);
    c.min_lr = 0.2;
    cr_assert_not_null(nn_sched_check(&c));
    c = nn_sched_default(NN_SCHED_PLATEAU, NAN);
    nn_schedule s;
    cr_assert_eq(nn_sched_init(&s, &c), NN_EINVAL);
    c = nn_sched_default(NN_SCHED_EXP, 0.1);
    c.gamma = 1.5;
    cr_assert_not_null(nn_sched_check(&c));
}
/* <<test the table of schedules>> */
Test(schedule, every_kind_has_a_row)
{
    for (int k = 0; k < NN_SCHED_COUNT; k++) {
        nn_sched_config c;
        const char *name = nn_sched_name((nn_sched_kind)k);
        cr_assert_neq(strcmp(name, "unknown"), 0);
        cr_assert_eq(nn_sched_parse(name, 0.1, &c), NN_OK, "%s", name);
        cr_assert_eq(c.kind, (nn_sched_kind)k);
        cr_assert_null(nn_sched_check(&c), "%s: %s", name, nn_sched_check(&c));
    }
    nn_sched_config c;
    cr_assert_eq(nn_sched_parse("Cosine", 0.1, &c), NN_EINVAL);
}
/* <<test that clipping caps the global norm exactly>> */
Test(clip, caps_the_global_norm_exactly)
{
    enum { N = 1000 };
    nn_real g[N], g0[N];
    double sum = 0;
    for (int i = 0; i < N; i++) {
        g0[i] = g[i] = (nn_real)(sin(i + 1.0) * (i % 7 + 1) * 0.9);
        sum += (double)g[i] * (double)g[i];
    }
    double norm = nn_clip_grad_norm(N, g, 1.0), after = 0;
    cr_assert_float_eq(norm, sqrt(sum), 1e-9 * sqrt(sum));
    for (int i = 0; i < N; i++)
        after += (double)g[i] * (double)g[i];
    cr_assert_float_eq(sqrt(after), 1.0, 10 * NN_REAL_EPSILON);
    for (int i = 0; i < N; i++)
        cr_assert_float_eq(g[i], g0[i] / norm, 4 * NN_REAL_EPSILON);
    memcpy(g, g0, sizeof g);
    cr_assert_eq(nn_clip_grad_norm(N, g, 2 * norm), norm);
    cr_assert_eq(memcmp(g, g0, sizeof g), 0,
                 "a gradient below the threshold changed");
}

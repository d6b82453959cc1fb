/* Tangled from book/a2-222-schedules.nw by 'make tangle'. Edit the book, not this file. */
/* sched-curves: the learning rate of each fixed schedule, epoch by epoch.
   Usage: sched-curves OUTDIR */
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { EPOCHS = 20, STEP_SIZE = 5, WARMUP = 3, N_KINDS = 4 };
static const double LR = 0.1, STEP_GAMMA = 0.5, EXP_GAMMA = 0.85, START = 0.1;

/* <<the fixed schedules of the figure>> */
static void curve_schedules(nn_schedule s[N_KINDS])
{
    nn_sched_config c[N_KINDS] = {
        nn_sched_default(NN_SCHED_STEP, LR), nn_sched_default(NN_SCHED_EXP, LR),
        nn_sched_default(NN_SCHED_COSINE, LR),
        nn_sched_default(NN_SCHED_WARMUP_COSINE, LR) };
    c[0].step_size = STEP_SIZE, c[0].gamma = STEP_GAMMA;
    c[1].gamma = EXP_GAMMA;
    c[2].t_max = EPOCHS;
    c[3].t_max = EPOCHS, c[3].warmup = WARMUP, c[3].start_factor = START;
    for (int k = 0; k < N_KINDS; k++)
        if (nn_sched_init(&s[k], &c[k]) != NN_OK)
            xp_die(nn_sched_check(&c[k]));
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_schedule s[N_KINDS];
    curve_schedules(s);
    FILE *f = xp_open(dir, "curves.dat"), *num = xp_open(dir, "numbers.tex");
    for (int t = 0; t <= EPOCHS; t++) {
        fprintf(f, "%d", t);
        for (int k = 0; k < N_KINDS; k++)
            fprintf(f, " %.6g", t == 0 ? s[k].lr : nn_sched_step(&s[k], NAN));
        fprintf(f, "\n");
    }
    xp_close(f);
    /* <<define the numbers of the learning-rate curves>> */
    xp_def(num, "SchedCurvesEpochs", "%d", EPOCHS);
    xp_def(num, "SchedCurvesLr", "%g", LR);
    xp_def(num, "SchedCurvesStepSize", "%d", STEP_SIZE);
    xp_def(num, "SchedCurvesStepGamma", "%g", STEP_GAMMA);
    xp_def(num, "SchedCurvesExpGamma", "%g", EXP_GAMMA);
    xp_def(num, "SchedCurvesWarmup", "%d", WARMUP);
    xp_def(num, "SchedCurvesStart", "%g", START);
    xp_close(num);
    return 0;
}

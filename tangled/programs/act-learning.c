/* Tangled from book/a2-110-activations.nw by 'make tangle'. Edit the book, not this file. */
/* act-learning: one neuron learning through a saturated sigmoid and through
   dead rectifiers.  Usage: act-learning OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { M = 40, SIG_STEPS = 2500, RELU_STEPS = 1000, MAX_STEPS = 2500 };

/* <<the record of one training run>> */
typedef struct neuron_run {
    double loss[MAX_STEPS + 1];
    int reached;            /* first step with loss < goal, or -1 */
    int alive;              /* first step with some z > 0, or -1 */
    double w, b;            /* the parameters at the end */
} neuron_run;
/* <<train one neuron by gradient descent>> */
static void train_neuron(nn_act f, const nn_real *x, const nn_real *t, double w,
                         double b, double eta, int steps, double goal, neuron_run *r)
{
    nn_real z[M], y[M], dy[M], dz[M];
    if (steps > MAX_STEPS)
        xp_die("more steps than a run can record");
    r->reached = r->alive = -1;
    for (int s = 0; s <= steps; s++) {
        /* <<forward: the outputs, the loss and its derivative>> */
        int positive = 0;
        for (int k = 0; k < M; k++) {
            z[k] = (nn_real)(w * x[k] + b);
            positive |= z[k] > 0;
        }
        nn_act_forward(&f, M, 1, z, y);
        double loss = 0;
        for (int k = 0; k < M; k++) {
            double e = (double)y[k] - t[k];
            loss += e * e / M;
            dy[k] = (nn_real)(2 * e / M);
        }
        r->loss[s] = loss;
        if (r->reached < 0 && loss < goal)
            r->reached = s;
        if (r->alive < 0 && positive)
            r->alive = s;
        if (s == steps)
            break;
        nn_act_backward(&f, M, 1, z, y, dy, dz);
        double dw = 0, db = 0;
        for (int k = 0; k < M; k++) {
            dw += (double)dz[k] * x[k];
            db += dz[k];
        }
        w -= eta * dw;
        b -= eta * db;
    }
    r->w = w;
    r->b = b;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 3);
    FILE *num = xp_open(dir, "numbers.tex");
    nn_real x[M], t_sig[M], t_relu[M];
    /* <<draw the inputs and the two sets of targets>> */
    const double teach_w = 3, teach_b = -1, relu_w = 1.5, relu_b = 3.5;
    for (int k = 0; k < M; k++) {
        double xk = -2 + 4 * nn_rng_uniform(&rng);
        x[k] = (nn_real)xk;
        t_sig[k] = (nn_real)nn_sigmoid(teach_w * xk + teach_b);
        t_relu[k] = (nn_real)fmax(0, relu_w * xk + relu_b);
    }
    xp_def(num, "LearnM", "%d", M);
    xp_def(num, "LearnTeachW", "%g", teach_w);
    xp_def(num, "LearnTeachB", "%+g", teach_b);
    xp_def(num, "LearnReluTeachW", "%g", relu_w);
    xp_def(num, "LearnReluTeachB", "%+g", relu_b);
    /* <<train sigmoid neurons from a fresh and a saturated start>> */
    static neuron_run fresh, sat;
    const double sig_eta = 2, goal = 1e-3, start_w = 0.5, fresh_b = 0, sat_b = -8;
    nn_act sig = nn_act_default(NN_ACT_SIGMOID);
    train_neuron(sig, x, t_sig, start_w, fresh_b, sig_eta, SIG_STEPS, goal, &fresh);
    train_neuron(sig, x, t_sig, start_w, sat_b, sig_eta, SIG_STEPS, goal, &sat);
    FILE *sl = xp_open(dir, "sigmoid-loss.dat");
    for (int s = 0; s <= SIG_STEPS; s++)
        fprintf(sl, "%d %.7g %.7g\n", s, fresh.loss[s], sat.loss[s]);
    xp_close(sl);
    if (fresh.reached < 0 || sat.reached < 0)
        xp_die("a sigmoid run did not reach the goal; raise SIG_STEPS");
    /* <<quote the sigmoid runs>> */
    double zmax = 2 * fabs(start_w) + sat_b;
    char buf[64];
    xp_def(num, "LearnFreshW", "%g", start_w);
    xp_def(num, "LearnFreshB", "%g", fresh_b);
    xp_def(num, "LearnSatB", "%g", sat_b);
    xp_def(num, "LearnSatZmax", "%g", zmax);
    xp_def(num, "LearnSatSlope", "%s",
            xp_tex_sci(buf, nn_sigmoid(zmax) * nn_sigmoid(-zmax), 0));
    xp_def(num, "LearnSigEta", "%g", sig_eta);
    xp_def(num, "LearnLossGoal", "$10^{%d}$", (int)lround(log10(goal)));
    FILE *pf = xp_open(dir, "params.gp");
    fprintf(pf, "fresh_b = %g; sat_b = %g\n", fresh_b, sat_b);
    xp_close(pf);
    xp_def(num, "LearnFreshSteps", "%d", fresh.reached);
    xp_def(num, "LearnSatSteps", "%d", sat.reached);
    printf("sigmoid: goal reached after %d steps (fresh), %d (saturated)\n",
           fresh.reached, sat.reached);
    /* <<train rectifier neurons from a dead start>> */
    static neuron_run dead[4];
    const double relu_eta = 0.05, dead_w = 0.5, dead_b = -4, leaky_alpha = 0.01;
    nn_act acts[4] = { nn_act_default(NN_ACT_RELU), nn_act_default(NN_ACT_LEAKY_RELU),
                       nn_act_default(NN_ACT_ELU), nn_act_default(NN_ACT_RELU) };
    acts[1].alpha = leaky_alpha;
    for (int a = 0; a < 4; a++)
        train_neuron(acts[a], x, t_relu, dead_w, a == 3 ? 0.5 : dead_b, relu_eta,
                     RELU_STEPS, 0, &dead[a]);
    if (dead[0].w != dead_w || dead[0].b != dead_b || dead[0].alive >= 0)
        xp_die("the dead ReLU moved: its gradient should be exactly zero");
    if (dead[1].alive < 0 || dead[2].alive < 0)
        xp_die("a leaky or ELU unit did not revive; raise RELU_STEPS");
    /* <<write the rectifier runs>> */
    FILE *rl = xp_open(dir, "relu-loss.dat");
    for (int s = 0; s <= RELU_STEPS; s++)
        fprintf(rl, "%d %.7g %.7g %.7g %.7g\n", s, dead[0].loss[s], dead[1].loss[s],
                dead[2].loss[s], dead[3].loss[s]);
    xp_close(rl);
    FILE *rv = xp_open(dir, "revive.dat");
    for (int a = 1; a <= 2; a++)
        fprintf(rv, "%d %.7g\n", dead[a].alive, dead[a].loss[dead[a].alive]);
    xp_close(rv);
    xp_def(num, "LearnDeadW", "%g", dead_w);
    xp_def(num, "LearnDeadB", "%g", dead_b);
    xp_def(num, "LearnReluSteps", "%d", RELU_STEPS);
    xp_def(num, "LearnLeakyAlpha", "%g", leaky_alpha);
    xp_def(num, "LearnLeakyRevive", "%d", dead[1].alive);
    xp_def(num, "LearnEluRevive", "%d", dead[2].alive);
    printf("dead start: leaky ReLU alive after %d steps, ELU after %d\n",
           dead[1].alive, dead[2].alive);
    xp_close(num);
    return 0;
}

/* Tangled from book/a2-210-judging.nw by 'make tangle'. Edit the book, not this file. */
/* judging-lr: loss curves for learning rates that are too large.
   Usage: judging-lr OUTDIR */
/* needs: mnist */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "nn.h"
#include "judging.h"

enum { HIDDEN = 32, BATCH = 64, STEPS = 1200, WINDOW = 50, VAL_N = 2000,
       SEEDS = 5, WINDOWS = STEPS / WINDOW };
static const double etas[3] = { 0.1, 1.0, 3.0 };

/* <<train with one learning rate, recording the losses>> */
static double run_rate(double lr, uint64_t stream, const nn_dataset *fit,
                       const nn_dataset *val, double (*curve)[2])
{
    const size_t sizes[3] = { 784, HIDDEN, 10 };
    nn_rng rng;
    nn_net *net;
    nn_optim *opt;
    size_t np, *order = malloc(fit->n * sizeof *order), next = fit->n;
    nn_real *X = malloc(BATCH * 784 * sizeof *X);
    int labels[BATCH];
    nn_rng_seed(&rng, XP_SEED, stream);
    if (!order || !X || nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 500,
                                   &rng) != NN_OK)
        xp_die("out of memory");
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = lr;
    nn_real *params = nn_net_params(net, &np), *grads = nn_net_grads(net, &np);
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        xp_die("cannot create the optimizer");
    for (size_t i = 0; i < fit->n; i++)
        order[i] = i;
    /* <<take the steps, recording the losses every window>> */
    nn_loss ce = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    nn_train_config cfg = nn_train_defaults();
    double sum = 0;
    for (size_t s = 0; s < STEPS; s++) {
        const nn_real *Y;
        double loss;
        if (next + BATCH > fit->n)
            nn_shuffle(fit->n, order, &rng), next = 0;
        nn_dataset_gather(fit, BATCH, order + next, X, labels);
        next += BATCH;
        nn_net_zero_grad(net);
        nn_net_forward(net, BATCH, X, 1, &rng, &Y);
        nn_net_loss_backward(net, &ce, NULL, labels, &loss);
        nn_optim_step(opt, params, grads);
        sum += loss;
        if ((s + 1) % WINDOW == 0) {
            nn_eval ev;
            nn_evaluate(net, &cfg.loss, val, &ev, NULL, NULL);
            curve[s / WINDOW][0] = sum / WINDOW, curve[s / WINDOW][1] = ev.loss;
            sum = 0;
        }
    }
    double acc = ju_accuracy(net, val);
    nn_optim_free(opt), nn_net_free(net), free(order), free(X);
    return acc;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train, fit, val;
    xp_load_mnist("train", &train);
    ju_split(&train, &fit, &val);
    nn_dataset val_part = nn_dataset_view(&val, 0, VAL_N);
    /* <<train every rate from every random stream>> */
    static double curves[SEEDS][3][WINDOWS][2];
    double acc[SEEDS][3];
    for (int r = 0; r < SEEDS; r++)
        for (int k = 0; k < 3; k++)
            acc[r][k] = run_rate(etas[k], 9 + (uint64_t)r, &fit, &val_part, curves[r][k]);
    /* <<write the loss curves and the numbers>> */
    FILE *f = xp_open(dir, "lr.dat");
    fprintf(f, "# step, then training and validation loss for eta = %g, %g, %g\n",
            etas[0], etas[1], etas[2]);
    for (int w = 0; w < WINDOWS; w++) {
        fprintf(f, "%d", (w + 1) * WINDOW);
        for (int k = 0; k < 3; k++)
            fprintf(f, " %.5g %.5g", curves[0][k][w][0], curves[0][k][w][1]);
        fprintf(f, "\n");
    }
    xp_close(f);
    f = xp_open(dir, "params.gp");
    fprintf(f, "eta1 = %g; eta2 = %g; eta3 = %g\n", etas[0], etas[1], etas[2]);
    xp_close(f);
    FILE *num = xp_open(dir, "numbers.tex");
    /* <<define each rate's range over the runs>> */
    const char *name[3] = { "Small", "Large", "Huge" };
    double half[SEEDS][3];
    for (int r = 0; r < SEEDS; r++)
        for (int k = 0; k < 3; k++) {
            half[r][k] = 0;
            for (int w = WINDOWS / 2; w < WINDOWS; w++)
                half[r][k] += curves[r][k][w][0] / (WINDOWS - WINDOWS / 2);
        }
    for (int k = 0; k < 3; k++) {
        double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
        for (int r = 0; r < SEEDS; r++) {
            lo[0] = fmin(lo[0], half[r][k]), hi[0] = fmax(hi[0], half[r][k]);
            lo[1] = fmin(lo[1], acc[r][k]), hi[1] = fmax(hi[1], acc[r][k]);
        }
        /* <<define one rate's numbers>> */
        char macro[40];
        snprintf(macro, sizeof macro, "JudgeLr%s", name[k]);
        xp_def(num, macro, "%g", etas[k]);
        snprintf(macro, sizeof macro, "JudgeLr%sLossLo", name[k]);
        xp_def(num, macro, "%.2f", lo[0]);
        snprintf(macro, sizeof macro, "JudgeLr%sLossHi", name[k]);
        xp_def(num, macro, "%.2f", hi[0]);
        snprintf(macro, sizeof macro, "JudgeLr%sAccLo", name[k]);
        xp_def(num, macro, "%.1f", lo[1]);
        snprintf(macro, sizeof macro, "JudgeLr%sAccHi", name[k]);
        xp_def(num, macro, "%.1f", hi[1]);
        printf("learning rate %g: second-half loss %.3f to %.3f, validation %.2f%% to %.2f%%\n",
               etas[k], lo[0], hi[0], lo[1], hi[1]);
    }
    int worse = 0;
    for (int r = 0; r < SEEDS; r++) {
        int above = 1;
        for (int q = 0; q < SEEDS; q++)
            above &= half[r][1] > half[q][0];
        worse += above;
    }
    xp_def(num, "JudgeLrLargeWorse", "%d", worse);
    xp_def(num, "JudgeLrHidden", "%d", HIDDEN);
    xp_def(num, "JudgeLrBatch", "%d", BATCH);
    xp_def(num, "JudgeLrSteps", "%d", STEPS);
    xp_def(num, "JudgeLrWindow", "%d", WINDOW);
    xp_def(num, "JudgeLrValN", "%d", VAL_N);
    xp_def(num, "JudgeLrSeeds", "%d", SEEDS);
    xp_close(num);
    return 0;
}

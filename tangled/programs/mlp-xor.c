/* Tangled from book/a2-120-mlp.nw by 'make tangle'. Edit the book, not this file. */
/* mlp-xor: a 2-H-1 network (tanh hidden, sigmoid output) learns XOR by
   full-batch gradient descent on the mean squared error.
   Usage: mlp-xor OUTDIR   (writes .dat files and numbers.tex) */
#include <stdio.h>
#include "nn.h"
#include "experiment.h"
#include "two-layer.h"

enum { HIDDEN = 4, EPOCHS = 3000, GRID = 61, SEEDS = 100 };
static const double eta = 0.5;
static const int snapshots[6] = { 0, 60, 100, 140, 250, 3000 };
static const nn_real X[8] = { 0, 0,  0, 1,  1, 0,  1, 1 }, T[4] = { 0, 1, 1, 0 };

/* <<write the network's output on a grid over the square>> */
static void write_grid(FILE *f, tl_net *net)
{
    nn_real row[2 * GRID];
    for (int i = 0; i < GRID; i++) {
        double x2 = -0.5 + 2.0 * i / (GRID - 1);
        for (int j = 0; j < GRID; j++) {
            row[2 * j] = (nn_real)(-0.5 + 2.0 * j / (GRID - 1));
            row[2 * j + 1] = (nn_real)x2;
        }
        const nn_real *y = tl_forward(net, GRID, row);
        for (int j = 0; j < GRID; j++)
            fprintf(f, "%g %g %.4f\n", (double)row[2 * j], x2, (double)y[j]);
        fprintf(f, "\n");
    }
    fprintf(f, "\n");
}
/* <<train one XOR network, optionally recording snapshots>> */
static int train_xor(size_t hidden, uint64_t stream, FILE *maps, FILE *lossf,
                     double *final_loss)
{
    tl_net net;
    if (tl_create(&net, 2, hidden, 1, nn_act_default(NN_ACT_TANH),
                  nn_act_default(NN_ACT_SIGMOID), GRID) != 0)
        xp_die("out of memory");
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, stream);
    tl_init(&net, &rng);
    double loss = 0;
    for (int e = 0, s = 0; e <= EPOCHS; e++) {
        if (maps && s < 6 && e == snapshots[s])
            write_grid(maps, &net), s++;
        tl_forward(&net, 4, X);
        loss = tl_backward_mse(&net, 4, X, T);
        if (lossf)
            fprintf(lossf, "%d %.6g\n", e, loss);
        if (e < EPOCHS)
            tl_step(&net, (nn_real)eta);
    }
    /* <<decide whether the network solved XOR>> */
    const nn_real *y = tl_forward(&net, 4, X);
    int solved = 1;
    for (int k = 0; k < 4; k++)
        solved &= (y[k] > 0.5) == (T[k] > 0.5);
    if (final_loss)
        *final_loss = loss;
    tl_free(&net);
    return solved;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    FILE *num = xp_open(dir, "numbers.tex");
    /* <<train the network of the figure, recording its output>> */
    FILE *maps = xp_open(dir, "maps.dat"), *lossf = xp_open(dir, "loss.dat");
    double final_loss;
    int solved = train_xor(HIDDEN, 1, maps, lossf, &final_loss);
    xp_close(maps);
    xp_close(lossf);
    printf("2-%d-1 network: solved %d, final loss %g\n", HIDDEN, solved, final_loss);
    FILE *pf = xp_open(dir, "params.gp");
    for (int s = 0; s < 6; s++)
        fprintf(pf, "snap%d = %d\n", s, snapshots[s]);
    xp_close(pf);
    char buf[64];
    xp_def(num, "MlpXorHidden", "%d", HIDDEN);
    xp_def(num, "MlpXorEpochs", "%d", EPOCHS);
    xp_def(num, "MlpXorEta", "%g", eta);
    xp_def(num, "MlpXorFinalLoss", "%s", xp_tex_sci(buf, final_loss, 1));
    /* <<count how often networks of several widths solve XOR>> */
    const size_t widths[4] = { 2, 3, 4, 8 };
    const char *names[4] = { "MlpXorSolvedTwo", "MlpXorSolvedThree", "MlpXorSolvedFour",
                             "MlpXorSolvedEight" };
    for (int w = 0; w < 4; w++) {
        int count = 0;
        for (int k = 0; k < SEEDS; k++)
            count += train_xor(widths[w], 100 + (uint64_t)k, NULL, NULL, NULL);
        printf("2-%zu-1: %d of %d seeds solve XOR\n", widths[w], count, SEEDS);
        xp_def(num, names[w], "%d", count);
    }
    xp_def(num, "MlpXorSeeds", "%d", SEEDS);
    xp_close(num);
    return 0;
}

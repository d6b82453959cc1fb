/* Tangled from book/a2-210-judging.nw by 'make tangle'. Edit the book, not this file. */
/* judging-baselines: what a classifier must beat.  Usage: judging-baselines OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "nn.h"
#include "judging.h"

/* <<the baselines of chance>> */
static void chance(FILE *num, const nn_dataset *fit, const nn_dataset *test)
{
    size_t count[10] = { 0 }, hits = 0, most = 0;
    for (size_t i = 0; i < fit->n; i++)
        count[fit->labels[i]]++;
    for (size_t c = 1; c < 10; c++)
        most = count[c] > count[most] ? c : most;
    for (size_t i = 0; i < test->n; i++)
        hits += (size_t)test->labels[i] == most;
    xp_def(num, "JudgeChance", "%.2f", 100.0 / (double)fit->n_classes);
    xp_def(num, "JudgeMajorityDigit", "%zu", most);
    xp_def(num, "JudgeMajorityAcc", "%.2f", 100.0 * (double)hits / (double)test->n);
}
/* <<choose among guessers on half of the test set>> */
enum { GUESSERS = 1000 };

static void choose_guessers(FILE *num, const nn_dataset *test)
{
    size_t half = test->n / 2, best_a = 0, best_b = 0, sum_a = 0;
    for (uint64_t g = 0; g < GUESSERS; g++) {
        nn_rng r;
        size_t hits[2] = { 0, 0 };
        nn_rng_seed(&r, XP_SEED, 1000 + g);
        for (size_t i = 0; i < test->n; i++)
            hits[i >= half] += (int)nn_rng_below(&r, 10) == test->labels[i];
        sum_a += hits[0];
        if (hits[0] > best_a)
            best_a = hits[0], best_b = hits[1];
    }
    xp_def(num, "JudgeGuessers", "%d", GUESSERS);
    xp_def(num, "JudgeHalf", "%zu", half);
    xp_def(num, "JudgeMeanA", "%.1f", 100.0 * (double)sum_a / GUESSERS / (double)half);
    xp_def(num, "JudgeBestA", "%.1f", 100.0 * (double)best_a / (double)half);
    xp_def(num, "JudgeBestB", "%.1f",
           100.0 * (double)best_b / (double)(test->n - half));
    xp_def(num, "JudgeSigma", "%.2f", 100 * sqrt(0.1 * 0.9 / (double)half));
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train, test, fit, val;
    xp_load_mnist("train", &train);
    xp_load_mnist("t10k", &test);
    ju_split(&train, &fit, &val);
    FILE *num = xp_open(dir, "numbers.tex");
    chance(num, &fit, &test);
    /* <<evaluate an untrained network>> */
    const size_t mlp[3] = { 784, 100, 10 };
    nn_net *untrained;
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 7);
    if (nn_net_mlp(&untrained, 3, mlp, nn_act_default(NN_ACT_RELU), 500, &rng) != NN_OK)
        xp_die("cannot build the network");
    xp_def(num, "JudgeUntrainedAcc", "%.2f", ju_accuracy(untrained, &val));
    nn_net_free(untrained);
    /* <<train the linear classifier>> */
    ju_run lin = { 2, { 784, 10 }, NN_ACT_RELU, 0.05, 0.9, 64, 10, 8, "linear.dat" };
    nn_epoch_stats last;
    nn_net *net = ju_train(dir, &lin, &fit, &val, &last);
    double lin_test = ju_accuracy(net, &test);
    xp_def(num, "JudgeLinParams", "%zu", (size_t)(784 * 10 + 10));
    xp_def(num, "JudgeLinEpochs", "%zu", lin.epochs);
    xp_def(num, "JudgeLinLr", "%g", lin.lr);
    xp_def(num, "JudgeLinMomentum", "%g", lin.momentum);
    xp_def(num, "JudgeLinVal", "%.2f", 100 * last.val_acc);
    xp_def(num, "JudgeLinTest", "%.2f", lin_test);
    xp_def(num, "JudgeLinError", "%.2f", 100 - lin_test);
    printf("linear classifier: validation %.2f%%, test %.2f%%\n", 100 * last.val_acc,
           lin_test);
    nn_net_free(net);
    choose_guessers(num, &test);
    xp_close(num);
    return 0;
}

/* Tangled from book/a2-210-judging.nw by 'make tangle'. Edit the book, not this file. */
/* judging-homework: the homework's recipe and three changes, scaled down.
   Usage: judging-homework OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "nn.h"
#include "judging.h"

enum { WIDTH = 800, EPOCHS = 10, BATCH = 64, RUNS = 4 };

/* <<the recipe and its three changes>> */
typedef struct hw_setting {
    const char *letter, *what;
    double lr, momentum;
    int standardise;
} hw_setting;

static const hw_setting hw_settings[RUNS] = {
    { "A", "the recipe", 0.01, 0.5, 0 },
    { "B", "learning rate 0.05", 0.05, 0.5, 0 },
    { "C", "momentum 0.9", 0.01, 0.9, 0 },
    { "D", "standardised inputs", 0.01, 0.5, 1 },
};

/* <<standardise a copy of the data>> */
static void standardised_copy(FILE *num, nn_dataset *train, nn_dataset *test,
                              nn_dataset *fit, nn_dataset *val)
{
    double m, s;
    xp_load_mnist("train", train);
    xp_load_mnist("t10k", test);
    ju_split(train, fit, val);
    nn_dataset_moments(fit, &m, &s);
    nn_dataset_affine(train, 1 / s, -m / s);
    nn_dataset_affine(test, 1 / s, -m / s);
    xp_def(num, "JudgeHwPixelMean", "%.3f", m);
    xp_def(num, "JudgeHwPixelStd", "%.3f", s);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train, test, fit, val, train_s, test_s, fit_s, val_s;
    xp_load_mnist("train", &train);
    xp_load_mnist("t10k", &test);
    ju_split(&train, &fit, &val);
    FILE *num = xp_open(dir, "numbers.tex");
    standardised_copy(num, &train_s, &test_s, &fit_s, &val_s);
    /* <<run the four recipes>> */
    nn_net *nets[RUNS];
    nn_epoch_stats last[RUNS], ep[RUNS][EPOCHS + 1];
    double drop[RUNS];
    for (int k = 0; k < RUNS; k++) {
        const hw_setting *rc = &hw_settings[k];
        char log[16];
        snprintf(log, sizeof log, "hw%s.dat", rc->letter);
        ju_run r = { 4, { 784, WIDTH, WIDTH, 10 }, NN_ACT_RELU, rc->lr, rc->momentum,
                     BATCH, EPOCHS, 11, log };
        printf("recipe %s: %s\n", rc->letter, rc->what);
        nets[k] = ju_train(dir, &r, rc->standardise ? &fit_s : &fit,
                           rc->standardise ? &val_s : &val, &last[k]);
        size_t n = ju_read_log(dir, log, ep[k], EPOCHS + 1);
        if (n != EPOCHS + 1)
            xp_die("the log of a run is incomplete");
        drop[k] = 100 * (1 - ep[k][EPOCHS].train_loss / ep[k][EPOCHS - 1].train_loss);
    }
    /* <<choose by validation and report on the test set>> */
    int chosen = 1;
    for (int k = 2; k < RUNS; k++)
        chosen = last[k].val_acc > last[chosen].val_acc ? k : chosen;
    double test_a = ju_accuracy(nets[0], &test);
    double test_c = ju_accuracy(nets[chosen],
                                hw_settings[chosen].standardise ? &test_s : &test);
    for (int k = 0; k < RUNS; k++) {
        char macro[32];
        snprintf(macro, sizeof macro, "JudgeHwVal%s", hw_settings[k].letter);
        xp_def(num, macro, "%.2f", 100 * last[k].val_acc);
        snprintf(macro, sizeof macro, "JudgeHwDrop%s", hw_settings[k].letter);
        xp_def(num, macro, "%.1f", drop[k]);
        printf("%s (%s): validation %.2f%%, last epoch's loss drop %.1f%%\n",
               hw_settings[k].letter, hw_settings[k].what, 100 * last[k].val_acc, drop[k]);
        nn_net_free(nets[k]);
    }
    /* <<define the remaining numbers of the homework>> */
    xp_def(num, "JudgeHwTrainAccA", "%.2f", 100 * last[0].train_acc);
    xp_def(num, "JudgeHwGapA", "%.1f", 100 * (last[0].train_acc - last[0].val_acc));
    xp_def(num, "JudgeHwLossA", "%.3f", last[0].train_loss);
    /* <<find when the other runs reached the recipe's final loss>> */
    size_t first = EPOCHS, latest = 0;
    for (int k = 1; k < RUNS; k++) {
        size_t e = 1;
        while (e < EPOCHS && ep[k][e].train_loss > last[0].train_loss)
            e++;
        first = e < first ? e : first, latest = e > latest ? e : latest;
    }
    if (first == latest)
        xp_def(num, "JudgeHwCatch", "%zu", first);
    else
        xp_def(num, "JudgeHwCatch", "%zu to %zu", first, latest);
    xp_def(num, "JudgeHwLrB", "%g", hw_settings[1].lr);
    xp_def(num, "JudgeHwMomC", "%g", hw_settings[2].momentum);
    xp_def(num, "JudgeHwTestA", "%.2f", test_a);
    xp_def(num, "JudgeHwChosen", "%s", hw_settings[chosen].what);
    xp_def(num, "JudgeHwChosenTest", "%.2f", test_c);
    xp_def(num, "JudgeHwChosenError", "%.2f", 100 - test_c);
    xp_def(num, "JudgeHwVerdictA", "%s", test_a >= 97 ? "reaches" : "falls short of");
    xp_def(num, "JudgeHwVerdictChosen", "%s", test_c >= 97 ? "reaches" : "falls short of");
    xp_def(num, "JudgeHwEpochs", "%d", EPOCHS);
    xp_def(num, "JudgeHwFitN", "%zu", fit.n);
    printf("chosen: %s, test %.2f%%; the recipe: test %.2f%%\n", hw_settings[chosen].what,
           test_c, test_a);
    FILE *pf = xp_open(dir, "params.gp");
    fprintf(pf, "lrB = %g; muC = %g\n", hw_settings[1].lr, hw_settings[2].momentum);
    xp_close(pf);
    xp_close(num);
    return 0;
}

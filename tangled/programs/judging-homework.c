/* Tangled from book/210-judging.nw by 'make tangle'. Edit the book, not this file. */
/* judging-homework: the homework's recipe and three changes, scaled down.
   Usage: judging-homework OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "nn.h"
#include "judging.h"

enum { WIDTH = 48, EPOCHS = 10, BATCH = 64, RUNS = 4 };

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
/* <<the speed of the plain matrix product, and the cost of the full recipe>> */
static double ops_per_epoch(const size_t *w, size_t n, size_t n_train, size_t n_val)
{
    double params = 0;
    for (size_t i = 0; i + 1 < n; i++)
        params += (double)(w[i] * w[i + 1] + w[i + 1]);
    return params * (6.0 * (double)n_train + 2.0 * (double)n_val);
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
    double drop[RUNS], seconds = 0;
    for (int k = 0; k < RUNS; k++) {
        const hw_setting *rc = &hw_settings[k];
        char log[16];
        snprintf(log, sizeof log, "hw%s.dat", rc->letter);
        ju_run r = { 4, { 784, WIDTH, WIDTH, 10 }, NN_ACT_RELU, rc->lr, rc->momentum,
                     BATCH, EPOCHS, 11, log };
        printf("recipe %s: %s\n", rc->letter, rc->what);
        double t0 = ju_seconds();
        nets[k] = ju_train(dir, &r, rc->standardise ? &fit_s : &fit,
                           rc->standardise ? &val_s : &val, &last[k]);
        seconds += ju_seconds() - t0;
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
    xp_def(num, "JudgeHwWidth", "%d", WIDTH);
    xp_def(num, "JudgeHwEpochs", "%d", EPOCHS);
    xp_def(num, "JudgeHwFitN", "%zu", fit.n);
    printf("chosen: %s, test %.2f%%; the recipe: test %.2f%%\n", hw_settings[chosen].what,
           test_c, test_a);
    FILE *pf = xp_open(dir, "params.gp");
    fprintf(pf, "lrB = %g; muC = %g\n", hw_settings[1].lr, hw_settings[2].momentum);
    xp_close(pf);
    /* <<report the cost of the full-size recipe>> */
    const size_t small[4] = { 784, WIDTH, WIDTH, 10 }, full[4] = { 784, 800, 800, 10 };
    double rate = RUNS * EPOCHS * ops_per_epoch(small, 4, fit.n, val.n) / seconds;
    double full_ops = ops_per_epoch(full, 4, 60000, 0);
    xp_def(num, "JudgeHwFullParams", "%.2f", full_ops / 6 / 60000 / 1e6);
    xp_def(num, "JudgeHwFullGflop", "%.0f", full_ops / 1e9);
    xp_def(num, "JudgeHwRate", "%.1f", rate / 1e9);
    xp_def(num, "JudgeHwFullMinutes", "%.1f", full_ops / rate / 60);
    xp_def(num, "JudgeHwFullTotal", "%.0f", RUNS * EPOCHS * full_ops / rate / 60);
    printf("%.2f GFLOP/s; the full recipe: %.0f GFLOP, %.1f minutes per epoch\n",
           rate / 1e9, full_ops / 1e9, full_ops / rate / 60);
    xp_close(num);
    return 0;
}

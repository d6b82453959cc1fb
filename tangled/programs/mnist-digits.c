/* Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file. */
/* mnist-digits: the MNIST files, looked at.  Usage: mnist-digits OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "nn.h"
#include "experiment.h"
#include "learning.h"

enum { PER_CLASS = 12, GAP = 4 };

/* <<write a grid of the first training images of each class>> */
static void write_digits(const char *dir, const nn_dataset *d)
{
    size_t first[10][PER_CLASS], have[10] = { 0 };
    size_t R = d->rows, C = d->cols, height = R + GAP, width = C + GAP;
    nn_real *row = malloc(d->n_features * sizeof *row);
    if (!row)
        xp_die("out of memory");
    for (size_t i = 0; i < d->n; i++) {
        int c = d->labels[i];
        if (have[c] < PER_CLASS)
            first[c][have[c]++] = i;
    }
    FILE *f = xp_open(dir, "digits.dat");
    for (size_t r = 0; r < 10 * height; r++) {
        size_t c = r / height, y = r % height;
        for (size_t j = 0; j < PER_CLASS * width; j++) {
            size_t k = j / width, x = j % width;
            double v = y < R && x < C && k < have[c]
                     ? nn_dataset_rows(d, first[c][k], 1, row)[y * C + x] : 0;
            fprintf(f, j ? " %d" : "%d", (int)(255 * v + 0.5));
        }
        fprintf(f, "\n");
    }
    xp_close(f);
    free(row);
}
/* <<count the classes and measure the pixels>> */
static void describe(FILE *num, const nn_dataset *train, const nn_dataset *test)
{
    size_t count[10] = { 0 }, in_test[10] = { 0 }, zeros = 0, most = 0, least = 0;
    for (size_t i = 0; i < train->n; i++)
        count[train->labels[i]]++;
    for (size_t i = 0; i < test->n; i++)
        in_test[test->labels[i]]++;
    for (int c = 1; c < 10; c++) {
        most = count[c] > count[most] ? (size_t)c : most;
        least = count[c] < count[least] ? (size_t)c : least;
    }
    nn_real *row = malloc(train->n_features * sizeof *row);
    for (size_t i = 0; row && i < train->n; i++) {
        const nn_real *x = nn_dataset_rows(train, i, 1, row);
        for (size_t k = 0; k < train->n_features; k++)
            zeros += x[k] == 0;
    }
    if (!row)
        xp_die("out of memory");
    free(row);
    double mean, sd;
    nn_dataset_moments(train, &mean, &sd);
    /* <<define the numbers that describe the data>> */
    xp_def(num, "LearnTrainN", "%zu", train->n);
    xp_def(num, "LearnTestN", "%zu", test->n);
    xp_def(num, "LearnMostDigit", "%zu", most);
    xp_def(num, "LearnMostCount", "%zu", count[most]);
    xp_def(num, "LearnLeastDigit", "%zu", least);
    xp_def(num, "LearnLeastCount", "%zu", count[least]);
    xp_def(num, "LearnMajorityAcc", "%.2f", 100.0 * in_test[most] / test->n);
    xp_def(num, "LearnChanceAcc", "%g", 100.0 / 10);
    xp_def(num, "LearnZeroFrac", "%.1f",
           100.0 * zeros / (train->n * train->n_features));
    xp_def(num, "LearnPixelMean", "%.4f", mean);
    xp_def(num, "LearnPixelStd", "%.4f", sd);
    printf("train %zu, test %zu; pixel mean %.4f, sd %.4f\n", train->n, test->n, mean, sd);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    printf("threads: 1\n");
    nn_dataset train, test;
    xp_load_mnist("train", &train);
    xp_load_mnist("t10k", &test);
    FILE *num = xp_open(dir, "numbers.tex");
    write_digits(dir, &train);
    describe(num, &train, &test);
    /* <<split the training set as every later program does>> */
    nn_dataset fit, val;
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 6);
    if (nn_dataset_split(&train, 10000, &rng, &fit, &val) != NN_OK)
        xp_die("cannot split the training set");
    xp_def(num, "LearnValN", "%zu", val.n);
    xp_def(num, "LearnFitN", "%zu", fit.n);
    xp_close(num);
    nn_dataset_free(&train), nn_dataset_free(&test);
    return 0;
}

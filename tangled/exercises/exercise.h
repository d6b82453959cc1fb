/* Tangled from book/a7-exercises.nw by 'make tangle'. Edit the book, not this file. */
/* The scaffolding of the graded exercises (appendix "The graded exercises";
   not part of libnn). */
#ifndef EXERCISE_H
#define EXERCISE_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "nn.h"

enum { EX_SEED = 20261122 };    /* every exercise starts from this seed */

/* <<stop an exercise with a message>> */
static inline void ex_die(const char *msg)
{
    fprintf(stderr, "error: %s\n", msg);
    exit(1);
}
/* <<stop an exercise with a message>> */
static inline void ex_no_arguments(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "usage: %s\n(an exercise takes no arguments; MNIST_DIR and "
                "GRADE_MODEL in the environment name its files)\n", argv[0]);
        exit(2);
    }
}
/* <<load MNIST for an exercise>> */
static inline void ex_load_mnist(nn_dataset *train, nn_dataset *test)
{
    const char *dir = nn_mnist_dir(NULL);
    nn_error err = { NN_OK, "" };
    if (nn_mnist_load(dir, "train", train, &err) != NN_OK
        || nn_mnist_load(dir, "t10k", test, &err) != NN_OK) {
        fprintf(stderr, "error: %s\n(run 'make data', or set MNIST_DIR to a folder "
                "with the four MNIST files)\n", err.msg);
        exit(1);
    }
}
/* <<hold out the validation images>> */
static inline void ex_split(nn_dataset *train, nn_dataset *fit, nn_dataset *val)
{
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 6);
    if (nn_dataset_split(train, 10000, &rng, fit, val) != NN_OK)
        ex_die("cannot split the training set");
}
/* <<measure the time and the accuracy>> */
static inline double ex_accuracy(nn_net *net, const nn_dataset *test)
{
    size_t mb = nn_net_max_batch(net), C = nn_net_n_out(net), correct = 0;
    nn_real *buf = malloc(mb * test->n_features * sizeof *buf);
    if (!buf)
        ex_die("out of memory");
    for (size_t i = 0; i < test->n; i += mb) {
        size_t B = test->n - i < mb ? test->n - i : mb;
        const nn_real *Y, *X = nn_dataset_rows(test, i, B, buf);
        if (nn_net_forward(net, B, X, 0, NULL, &Y) != NN_OK)
            ex_die("the network does not take MNIST images");
        for (size_t r = 0; r < B; r++) {
            size_t best = 0;
            for (size_t j = 1; j < C; j++)
                best = Y[r * C + j] > Y[r * C + best] ? j : best;
            correct += best == (size_t)test->labels[i + r];
        }
    }
    free(buf);
    return 100.0 * (double)correct / (double)test->n;
}
/* <<measure the time and the accuracy>> */
static inline void ex_epoch_line(size_t epoch, double train_loss, double val_percent,
                                 double seconds)
{
    printf("epoch %zu: training loss %.4f, validation accuracy %.2f%%, %.0f s\n", epoch,
           train_loss, val_percent, seconds);
    fflush(stdout);
}
/* <<report the result to the grader>> */
static inline void ex_report(nn_net *net, const nn_dataset *test, double target,
                             double seconds)
{
    double acc = ex_accuracy(net, test);
    printf("test accuracy %.2f%%, target %.1f%%: %s (%.0f s of training)\n", acc,
           target, acc >= target ? "reached" : "not reached", seconds);
    const char *model = getenv("GRADE_MODEL");
    nn_error err = { NN_OK, "" };
    if (model && *model && nn_model_save(net, model, &err) != NN_OK)
        ex_die(err.msg);
    printf("GRADE accuracy=%.2f\n", acc);
}
#endif

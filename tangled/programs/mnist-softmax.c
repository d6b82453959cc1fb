/* Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file. */
/* mnist-softmax: a 784-100-10 ReLU network trained with softmax cross-entropy,
   mini-batches and momentum; learning curves, confusion matrix, confident
   mistakes and first-layer weights.  Usage: mnist-softmax OUTDIR */
/* needs: mnist */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "nn.h"
#include "experiment.h"
#include "learning.h"

enum { HIDDEN = 100, CLASSES = 10, EPOCHS = 8, BATCH = 32, WRONG = 12, UNITS = 50 };
static const double lr = 0.05, momentum = 0.9, RARE = 0.02;

/* <<keep every epoch's statistics for the text>> */
typedef struct run_log {
    xp_log         log;
    nn_epoch_stats st[EPOCHS + 1];
} run_log;

static int keep_epoch(void *ctx, const nn_epoch_stats *s)
{
    run_log *r = ctx;
    r->st[s->epoch] = *s;
    return xp_on_epoch(&r->log, s);
}
/* <<write precision, recall and $F_1$ of each class>> */
static void write_class_table(const char *dir, FILE *num, const size_t *conf)
{
    FILE *t = xp_open(dir, "classes.tex");
    fprintf(t, "\\begin{tabular}{@{}crrrr@{}}\n\\toprule\n"
               "digit & $n$ & precision & recall & $F_1$ \\\\\n\\midrule\n");
    double f1[CLASSES], macro = 0;
    size_t worst = 0, best = 0;
    for (size_t c = 0; c < CLASSES; c++) {
        /* <<precision, recall and $F_1$ of class c>> */
        size_t col = 0, row = 0;
        for (size_t i = 0; i < CLASSES; i++)
            col += conf[i * CLASSES + c], row += conf[c * CLASSES + i];
        double p = col ? (double)conf[c * CLASSES + c] / (double)col : 0;
        double r = row ? (double)conf[c * CLASSES + c] / (double)row : 0;
        f1[c] = p + r > 0 ? 2 * p * r / (p + r) : 0;
        macro += f1[c] / CLASSES;
        worst = f1[c] < f1[worst] ? c : worst, best = f1[c] > f1[best] ? c : best;
        fprintf(t, "%zu & %zu & %.1f & %.1f & %.1f \\\\\n", c, row, 100 * p, 100 * r,
                100 * f1[c]);
    }
    fprintf(t, "\\bottomrule\n\\end{tabular}\n");
    xp_close(t);
    /* <<define the numbers of the class table>> */
    xp_def(num, "LearnSoftWorstClass", "%zu", worst);
    xp_def(num, "LearnSoftWorstFone", "%.1f", 100 * f1[worst]);
    xp_def(num, "LearnSoftBestClass", "%zu", best);
    xp_def(num, "LearnSoftBestFone", "%.1f", 100 * f1[best]);
    xp_def(num, "LearnSoftMacroFone", "%.1f", 100 * macro);
}
/* <<write the confusion matrix and find the most frequent mistake>> */
static void write_confusion(const char *dir, FILE *num, nn_net *net,
                            const nn_train_config *cfg, const nn_dataset *d)
{
    size_t conf[CLASSES * CLASSES], bi = 0, bj = 1, zeros = 0;
    nn_eval ev;
    if (nn_evaluate(net, cfg, d, &ev, conf, NULL) != NN_OK)
        xp_die("cannot evaluate the validation set");
    FILE *f = xp_open(dir, "confusion.dat");
    for (size_t i = 0; i < CLASSES; i++) {
        for (size_t j = 0; j < CLASSES; j++) {
            fprintf(f, j ? " %zu" : "%zu", conf[i * CLASSES + j]);
            if (i != j && conf[i * CLASSES + j] > conf[bi * CLASSES + bj])
                bi = i, bj = j;
            zeros += i != j && conf[i * CLASSES + j] == 0;
        }
        fprintf(f, "\n");
    }
    xp_close(f);
    xp_def(num, "LearnSoftConfTrue", "%zu", bi);
    xp_def(num, "LearnSoftConfPred", "%zu", bj);
    xp_def(num, "LearnSoftConfCount", "%zu", conf[bi * CLASSES + bj]);
    xp_def(num, "LearnSoftConfZeros", "%zu", zeros);
    write_class_table(dir, num, conf);
}
/* <<find and draw the most confident mistakes>> */
static double probability(const nn_real *z, size_t j)
{
    size_t m = nn_argmax(CLASSES, z);
    double s = 0;
    for (size_t k = 0; k < CLASSES; k++)
        s += exp((double)z[k] - z[m]);
    return exp((double)z[j] - z[m]) / s;
}
/* <<find and draw the most confident mistakes>> */
static void write_wrong(const char *dir, nn_net *net, const nn_dataset *d)
{
    size_t idx[WRONG], said[WRONG], n = 0;
    double prob[WRONG];
    nn_real *X = malloc(1000 * d->n_features * sizeof *X);
    for (size_t i = 0; X && i < d->n; i += 1000) {
        size_t B = d->n - i < 1000 ? d->n - i : 1000;
        const nn_real *Y, *in = nn_dataset_rows(d, i, B, X);
        if (nn_net_forward(net, B, in, 0, NULL, &Y) != NN_OK)
            xp_die("forward pass failed");
        for (size_t r = 0; r < B; r++) {
            const nn_real *z = Y + r * CLASSES;
            size_t p = nn_argmax(CLASSES, z), y = (size_t)d->labels[i + r], k;
            double q = probability(z, y);
            if (p == y || (n == WRONG && q >= prob[n - 1]))
                continue;
            for (k = n < WRONG ? n++ : n - 1; k > 0 && prob[k - 1] > q; k--)
                idx[k] = idx[k - 1], said[k] = said[k - 1], prob[k] = prob[k - 1];
            idx[k] = i + r, said[k] = p, prob[k] = q;
        }
    }
    if (!X)
        xp_die("out of memory");
    /* <<draw the mistakes in a grid, with what was said under each>> */
    enum { COLS = WRONG / 2, CW = 34, RH = 48 };     /* cell width and height */
    FILE *f = xp_open(dir, "wrong.dat"), *t = xp_open(dir, "wrong-labels.dat");
    for (size_t y = 0; y < 2 * RH; y++)
        for (size_t x = 0; x < COLS * CW; x++) {
            size_t k = y / RH * COLS + x / CW, py = y % RH, px = x % CW;
            double v = k < n && py < 28 && px < 28
                     ? nn_dataset_rows(d, idx[k], 1, X)[py * 28 + px] : 0;
            fprintf(f, x + 1 < COLS * CW ? "%d " : "%d\n", (int)(255 * v + 0.5));
        }
    for (size_t k = 0; k < n; k++) {
        double cx = (double)(k % COLS * CW) + 13.5, cy = (double)(k / COLS * RH) + 28;
        fprintf(t, "%g %g \"$%d\\\\to%zu$\"\n", cx, cy + 5.5, d->labels[idx[k]], said[k]);
        int e = (int)floor(log10(prob[k]));
        fprintf(t, "%g %g \"$%.1f\\\\cdot10^{%d}$\"\n", cx, cy + 13.5,
                prob[k] / pow(10, e), e);
    }
    xp_close(f), xp_close(t);
    free(X);
}
/* <<draw the first layer's weights>> */
static void write_weights(const char *dir, nn_net *net)
{
    enum { PER_ROW = 10, SIDE = 31 };
    const nn_real *W = nn_net_layer(net, 0)->params;
    double scale[UNITS];
    for (size_t j = 0; j < UNITS; j++) {
        scale[j] = 0;
        for (size_t i = 0; i < 784; i++)
            scale[j] = fmax(scale[j], fabs((double)W[i * HIDDEN + j]));
    }
    FILE *f = xp_open(dir, "weights.dat");
    for (size_t y = 0; y < UNITS / PER_ROW * SIDE; y++)
        for (size_t x = 0; x < PER_ROW * SIDE; x++) {
            size_t j = y / SIDE * PER_ROW + x / SIDE, py = y % SIDE, px = x % SIDE;
            double v = py < 28 && px < 28 ? W[(py * 28 + px) * HIDDEN + j] : 0;
            v /= scale[j];
            fprintf(f, x + 1 < PER_ROW * SIDE ? "%.3f " : "%.3f\n", v);
        }
    xp_close(f);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    printf("threads: 1\n");
    /* <<load MNIST and hold out the validation set>> */
    /* <<load MNIST and hold out ten thousand validation images>> */
    nn_dataset train, test, fit, val;
    xp_load_mnist("train", &train);
    xp_load_mnist("t10k", &test);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 6);
    if (nn_dataset_split(&train, 10000, &rng, &fit, &val) != NN_OK)
        xp_die("cannot split the training set");
    FILE *num = xp_open(dir, "numbers.tex");
    /* <<build the network and its optimizer>> */
    const size_t sizes[] = { 784, HIDDEN, CLASSES };
    nn_net *net;
    nn_rng init;
    nn_rng_seed(&init, XP_SEED, 8);
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 1000, &init) != NN_OK)
        xp_die("cannot build the network");
    size_t np;
    nn_net_params(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = lr, oc.momentum = momentum;
    nn_optim *opt;
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        xp_die("cannot create the optimizer");
    /* <<train, logging every epoch>> */
    run_log rl;
    xp_log_init(&rl.log, stdout, xp_open(dir, "epochs.dat"));
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = EPOCHS, cfg.batch = BATCH;
    cfg.on_progress = xp_on_progress, cfg.on_epoch = keep_epoch, cfg.ctx = &rl;
    nn_error err = { NN_OK, "" };
    if (nn_train(net, opt, &cfg, &fit, &val, &rng, &err) != NN_OK)
        xp_die(err.msg);
    xp_close(rl.log.dat);
    /* <<report the learning curves' numbers>> */
    size_t best = 1;
    for (size_t e = 2; e <= EPOCHS; e++)
        best = rl.st[e].val_loss < rl.st[best].val_loss ? e : best;
    xp_def(num, "LearnSoftHidden", "%d", HIDDEN);
    xp_def(num, "LearnSoftBatch", "%d", BATCH);
    xp_def(num, "LearnSoftLr", "%g", lr);
    xp_def(num, "LearnSoftMomentum", "%g", momentum);
    xp_def(num, "LearnSoftEpochs", "%d", EPOCHS);
    xp_def(num, "LearnSoftShownUnits", "%d", UNITS);
    xp_def(num, "LearnSoftInitLoss", "%.3f", rl.st[0].val_loss);
    xp_def(num, "LearnLnTen", "%.3f", log(10.0));
    xp_def(num, "LearnSoftFirstAcc", "%.2f", 100 * rl.st[1].val_acc);
    xp_def(num, "LearnSoftBestValLoss", "%.3f", rl.st[best].val_loss);
    xp_def(num, "LearnSoftBestEpoch", "%zu", best);
    xp_def(num, "LearnSoftTrainAcc", "%.2f", 100 * rl.st[EPOCHS].train_acc);
    xp_def(num, "LearnSoftValAcc", "%.2f", 100 * rl.st[EPOCHS].val_acc);
    /* <<evaluate the test set once>> */
    nn_eval te;
    if (nn_evaluate(net, &cfg, &test, &te, NULL, NULL) != NN_OK)
        xp_die("cannot evaluate the test set");
    xp_def(num, "LearnSoftTestAcc", "%.2f", 100 * te.accuracy);
    printf("test accuracy %.2f%%\n", 100 * te.accuracy);
    write_confusion(dir, num, net, &cfg, &val);
    write_wrong(dir, net, &val);
    write_weights(dir, net);
    /* <<report how often the drawn units are active>> */
    double frac[HIDDEN];
    int n_dead = xp_unit_activity(net, 2, &val, val.n, frac), rare = 0;
    if (n_dead < 0)
        xp_die("cannot measure the hidden units");
    for (size_t j = 0; j < UNITS; j++)
        rare += frac[j] < RARE;
    xp_def(num, "LearnSoftDead", "%d", n_dead);
    xp_def(num, "LearnSoftRare", "%d", rare);
    xp_def(num, "LearnSoftRareFrac", "%g", 100 * RARE);
    printf("hidden units: %d dead, %d of the %d drawn active on less than %g%%\n",
           n_dead, rare, UNITS, 100 * RARE);
    xp_close(num);
    nn_net_free(net), nn_optim_free(opt);
    nn_dataset_free(&train), nn_dataset_free(&test);
    return 0;
}

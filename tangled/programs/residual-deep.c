/* Tangled from book/a2-260-residual.nw by 'make tangle'. Edit the book, not this file. */
/* residual-deep: a plain MLP and the same MLP with skip connections, 32
   dense layers deep, trained on 10000 MNIST images: their training loss,
   and the norm of each layer's weight gradient at initialisation and after
   one epoch.  Usage: residual-deep OUTDIR */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "nn.h"
#include "experiment.h"

enum { N_TRAIN = 10000, WIDTH = 32, BLOCKS = 15, DEPTH = 2 * BLOCKS + 2,
       BATCH = 64, EPOCHS = 2, EVERY = 13, PROBE = 8, N_LR = 4 };
static const double LRS[N_LR] = { 0.003, 0.01, 0.03, 0.1 };
#define STEPS (EPOCHS * (N_TRAIN / BATCH))

/* <<what one run of the depth experiment keeps>> */
typedef struct rd_run {
    double curve[STEPS / EVERY], final_loss, accuracy, lr;
    double grad_init[DEPTH], grad_epoch[DEPTH];   /* ||dW|| of each dense layer */
} rd_run;
/* <<the data of the depth experiment>> */
typedef struct rd_data { nn_dataset train, test; } rd_data;

static void rd_load(rd_data *d)
{
    nn_error err = { NN_OK, "" };
    const char *mnist = nn_mnist_dir(NULL);
    if (nn_mnist_load(mnist, "train", &d->train, &err) != NN_OK
        || nn_mnist_load(mnist, "t10k", &d->test, &err) != NN_OK)
        xp_die(err.msg);
    if (d->train.n < N_TRAIN)
        xp_die("the training set has fewer images than the experiment uses");
}
/* <<the norm of each dense layer's weight gradient>> */
static void rd_grad_norms(const rd_data *d, nn_net *net, double *norm)
{
    size_t n;
    const nn_real *Y, *g = nn_net_grads(net, &n);
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    nn_real *buf = malloc(BATCH * 784 * sizeof *buf);
    double loss;
    if (!buf)
        xp_die("out of memory");
    nn_net_zero_grad(net);
    for (size_t k = 0; k < PROBE; k++)
        if (nn_net_forward(net, BATCH, nn_dataset_rows(&d->train, k * BATCH, BATCH,
                                                       buf), 1, NULL, &Y) != NN_OK
            || nn_net_loss_backward(net, &L, NULL, d->train.labels + k * BATCH,
                                    &loss) != NN_OK)
            xp_die("a probe pass failed");
    /* <<add up the squares of each dense layer's weight gradient>> */
    for (size_t l = 0; l < DEPTH; l++) {
        size_t n_in = l == 0 ? 784 : WIDTH, n_out = l == DEPTH - 1 ? 10 : WIDTH;
        double s = 0;
        for (size_t i = 0; i < n_in * n_out; i++)
            s += (double)g[i] * g[i];
        norm[l] = sqrt(s) / PROBE;
        g += n_in * n_out + n_out;                  /* past the biases */
    }
    free(buf);
}
/* <<the test accuracy of a network of the depth experiment>> */
static double rd_accuracy(const rd_data *d, nn_net *net)
{
    size_t correct = 0;
    nn_real *buf = malloc(BATCH * 784 * sizeof *buf);
    if (!buf)
        xp_die("out of memory");
    for (size_t i = 0; i < d->test.n; i += BATCH) {
        size_t B = d->test.n - i < BATCH ? d->test.n - i : BATCH;
        const nn_real *Y;
        if (nn_net_forward(net, B, nn_dataset_rows(&d->test, i, B, buf), 0, NULL,
                           &Y) != NN_OK)
            xp_die("evaluation failed");
        for (size_t r = 0; r < B; r++) {
            size_t best = 0;
            for (size_t j = 1; j < 10; j++)
                best = Y[r * 10 + j] > Y[r * 10 + best] ? j : best;
            correct += best == (size_t)d->test.labels[i + r];
        }
    }
    free(buf);
    return 100.0 * (double)correct / (double)d->test.n;
}
/* <<train one network of the depth experiment>> */
static void rd_train(const rd_data *d, int skips, double lr, rd_run *out)
{
    const size_t sizes[] = { 784, WIDTH, 10 }, per_epoch = N_TRAIN / BATCH;
    nn_rng init, order;
    nn_net *net;
    nn_rng_seed(&init, XP_SEED, 2), nn_rng_seed(&order, XP_SEED, 3);
    if (nn_net_mlp_blocks(&net, 3, sizes, NULL, nn_act_default(NN_ACT_RELU),
                          NN_INIT_HE_NORMAL, 0, BLOCKS, skips, BATCH, &init) != NN_OK)
        xp_die("cannot build the network");
    /* <<set up the optimizer and the buffers of a depth run>> */
    size_t np;
    nn_real *params = nn_net_params(net, &np), *grads = nn_net_grads(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = lr, oc.momentum = 0.9;
    nn_optim *opt;
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    nn_real *X = malloc(BATCH * 784 * sizeof *X);
    int labels[BATCH];
    size_t *idx = malloc(N_TRAIN * sizeof *idx);
    double sum = 0;
    if (!X || !idx || nn_optim_create(&opt, &oc, np) != NN_OK)
        xp_die("out of memory");
    for (size_t k = 0; k < N_TRAIN; k++)
        idx[k] = k;
    rd_grad_norms(d, net, out->grad_init);
    for (size_t step = 0; step < STEPS; step++) {
        if (step % per_epoch == 0)
            nn_shuffle(N_TRAIN, idx, &order);
        /* <<take one step of a depth run and record its loss>> */
        const nn_real *Y;
        double loss;
        nn_dataset_gather(&d->train, BATCH, idx + (step % per_epoch) * BATCH, X, labels);
        nn_net_zero_grad(net);                          /* backward adds to them */
        if (nn_net_forward(net, BATCH, X, 1, NULL, &Y) != NN_OK
            || nn_net_loss_backward(net, &L, NULL, labels, &loss) != NN_OK)
            xp_die("a training step failed");
        nn_optim_step(opt, params, grads);
        sum += loss;
        if (step >= STEPS - per_epoch)
            out->final_loss += loss / (double)per_epoch;   /* the last epoch's mean */
        if ((step + 1) % EVERY == 0)
            out->curve[step / EVERY] = sum / EVERY, sum = 0;
        if (step + 1 == per_epoch)
            rd_grad_norms(d, net, out->grad_epoch);
    }
    out->lr = lr, out->accuracy = rd_accuracy(d, net);
    nn_optim_free(opt), nn_net_free(net), free(X), free(idx);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    rd_data d;
    rd_load(&d);
    static rd_run best[2];
    for (int skips = 0; skips < 2; skips++)
        /* <<train one kind of network at every rate and keep the best>> */
        for (int k = 0; k < N_LR; k++) {
            static rd_run r;
            r = (rd_run){ 0 };
            rd_train(&d, skips, LRS[k], &r);
            printf("%-8s lr %-6g last epoch's loss %.4f, test accuracy %.2f%%\n",
                   skips ? "residual" : "plain", LRS[k], r.final_loss, r.accuracy);
            if (k == 0 || r.final_loss < best[skips].final_loss)
                best[skips] = r;
        }
    /* <<write the depth experiment's data>> */
    FILE *f = xp_open(dir, "loss.dat");
    fprintf(f, "# epoch plain residual (mean training loss of %d steps)\n", EVERY);
    for (size_t k = 0; k < STEPS / EVERY; k++)
        fprintf(f, "%.4f %.6g %.6g\n", (double)((k + 1) * EVERY) / (N_TRAIN / BATCH),
                best[0].curve[k], best[1].curve[k]);
    xp_close(f);
    f = xp_open(dir, "grads.dat");
    fprintf(f, "# layer plain-init plain-epoch1 residual-init residual-epoch1\n");
    for (size_t l = 0; l < DEPTH; l++)
        fprintf(f, "%zu %.6g %.6g %.6g %.6g\n", l + 1, best[0].grad_init[l],
                best[0].grad_epoch[l], best[1].grad_init[l], best[1].grad_epoch[l]);
    xp_close(f);
    /* <<write the depth experiment's numbers>> */
    FILE *num = xp_open(dir, "numbers.tex");
    char buf[64];
    xp_def(num, "ResTrain", "%d", N_TRAIN), xp_def(num, "ResWidth", "%d", WIDTH);
    xp_def(num, "ResBlocks", "%d", BLOCKS), xp_def(num, "ResDepth", "%d", DEPTH);
    xp_def(num, "ResBatch", "%d", BATCH), xp_def(num, "ResEpochs", "%d", EPOCHS);
    xp_def(num, "ResProbe", "%d", PROBE * BATCH), xp_def(num, "ResEvery", "%d", EVERY);
    xp_def(num, "ResRates", "%g, %g, %g and %g", LRS[0], LRS[1], LRS[2], LRS[3]);
    xp_def(num, "ResInitGain", "%.0f", best[1].grad_init[0] / best[0].grad_init[0]);
    const char *const kind[2] = { "Plain", "Resid" };
    for (int s = 0; s < 2; s++) {
        /* <<write one network's numbers of the depth experiment>> */
        char name[64];
        const rd_run *r = &best[s];
        snprintf(name, sizeof name, "Res%sLr", kind[s]), xp_def(num, name, "%g", r->lr);
        snprintf(name, sizeof name, "Res%sLoss", kind[s]);
        xp_def(num, name, "%.2f", r->final_loss);
        snprintf(name, sizeof name, "Res%sAcc", kind[s]);
        xp_def(num, name, "%.1f", r->accuracy);
        double ratio[2] = { r->grad_init[0] / r->grad_init[DEPTH - 1],
                            r->grad_epoch[0] / r->grad_epoch[DEPTH - 1] };
        for (int k = 0; k < 2; k++) {
            snprintf(name, sizeof name, "Res%sRatio%s", kind[s], k ? "Epoch" : "Init");
            if (ratio[k] >= 0.1 && ratio[k] < 100)
                xp_def(num, name, "%.2g", ratio[k]);
            else
                xp_def(num, name, "%s", xp_tex_sci(buf, ratio[k], 1));
        }
    }
    xp_close(num);
    nn_dataset_free(&d.train), nn_dataset_free(&d.test);
    return 0;
}

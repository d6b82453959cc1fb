/* Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file. */
/* mnist-classic: the classic first network (784-100-10 sigmoid, squared error,
   one example at a time), trained by the published rule and by exact gradients.
   Usage: mnist-classic OUTDIR */
/* needs: mnist */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"
#include "learning.h"

enum { HIDDEN = 100, CLASSES = 10, WINDOW = 1000 };
static const double eta = 0.1;      /* the published rate, for the loss E */

/* <<stop when the library refuses>> */
static void must(nn_status s, const char *what)
{
    if (s != NN_OK) {
        fprintf(stderr, "error: %s: %s\n", what, nn_strerror(s));
        exit(1);
    }
}
/* <<build the classic network and draw its weights>> */
static nn_net *classic_net(int sigmoid_output)
{
    nn_net *net;
    nn_layer *l;
    nn_act sig = nn_act_default(NN_ACT_SIGMOID);
    must(nn_net_create(&net, 784), "network");
    must(nn_layer_dense(&l, 784, HIDDEN, NN_INIT_XAVIER_NORMAL), "layer");
    must(nn_net_add(net, l), "layer");
    must(nn_layer_act(&l, HIDDEN, sig), "layer");
    must(nn_net_add(net, l), "layer");
    must(nn_layer_dense(&l, HIDDEN, CLASSES, NN_INIT_XAVIER_NORMAL), "layer");
    must(nn_net_add(net, l), "layer");
    if (sigmoid_output) {
        must(nn_layer_act(&l, CLASSES, sig), "layer");
        must(nn_net_add(net, l), "layer");
    }
    must(nn_net_build(net, 1000), "build");     /* 1000: evaluation batches */
    /* <<draw the weights with standard deviation $1/\sqrt{n_{\mathrm{in}}}$>> */
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 7);
    for (size_t i = 0; i <= 2; i += 2) {
        nn_layer *d = nn_net_layer(net, i);
        double sd = 1 / sqrt((double)d->n_in);
        for (size_t k = 0; k < d->n_in * d->n_out; k++)
            d->params[k] = (nn_real)(sd * nn_rng_normal(&rng));
        for (size_t k = d->n_in * d->n_out; k < d->n_params; k++)
            d->params[k] = 0;
    }
    return net;
}
/* <<train one epoch by the published rule>> */
static void published_epoch(nn_net *net, const nn_dataset *d, double ratio[2])
{
    nn_layer *l1 = nn_net_layer(net, 0), *l2 = nn_net_layer(net, 2);
    size_t np, n_in = d->n_features;
    nn_real *p = nn_net_params(net, &np), *g = nn_net_grads(net, &np);
    nn_real e[CLASSES], dz2[CLASSES], dh[HIDDEN], dz1[HIDDEN];
    double sq[2][2] = { { 0, 0 }, { 0, 0 } };
    nn_real *row = malloc(n_in * sizeof *row);
    for (size_t i = 0; row && i < d->n; i++) {
        const nn_real *x = nn_dataset_rows(d, i, 1, row), *y, *h;
        must(nn_net_forward(net, 1, x, 1, NULL, &y), "forward");
        h = nn_net_activation(net, 2);
        /* <<compute the published errors of one example>> */
        for (int j = 0; j < CLASSES; j++) {
            nn_real t = j == d->labels[i] ? (nn_real)0.99 : (nn_real)0.01;
            e[j] = y[j] - t;                                /* e = y - t */
            dz2[j] = e[j] * y[j] * (1 - y[j]);              /* the exact delta_2 */
        }
        nn_gemm(NN_NO_TRANS, NN_TRANS, 1, HIDDEN, CLASSES, 1, e, CLASSES, l2->params, CLASSES,
                0, dh, HIDDEN);
        for (size_t j = 0; j < HIDDEN; j++)
            dz1[j] = dh[j] * h[j] * (1 - h[j]);             /* the published delta_1 */
        /* <<measure the published hidden error against the exact one>> */
        int w = i < WINDOW ? 0 : i >= d->n - WINDOW ? 1 : -1;
        if (w >= 0) {
            nn_real ex[HIDDEN];
            nn_gemm(NN_NO_TRANS, NN_TRANS, 1, HIDDEN, CLASSES, 1, dz2, CLASSES, l2->params,
                    CLASSES, 0, ex, HIDDEN);
            for (size_t j = 0; j < HIDDEN; j++) {
                double s = h[j] * (1 - h[j]);
                sq[w][0] += (double)dz1[j] * dz1[j];
                sq[w][1] += s * ex[j] * s * ex[j];
            }
        }
        nn_dense_backward(1, HIDDEN, CLASSES, h, l2->params, dz2, NULL, l2->grads,
                          l2->grads + HIDDEN * CLASSES);
        nn_dense_backward(1, n_in, HIDDEN, x, l1->params, dz1, NULL, l1->grads,
                          l1->grads + n_in * HIDDEN);
        nn_gd_step(np, p, g, (nn_real)eta);
    }
    if (!row)
        xp_die("out of memory");
    free(row);
    for (int w = 0; w < 2; w++)
        ratio[w] = sqrt(sq[w][0] / sq[w][1]);
}
/* <<train one epoch by an exact gradient, through the library>> */
static void exact_epoch(nn_net *net, const nn_dataset *d, nn_loss_kind loss,
                        double lr)
{
    size_t np;
    nn_net_params(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = lr;
    nn_optim *opt;
    must(nn_optim_create(&opt, &oc, np), "optimizer");
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 1, cfg.batch = 1, cfg.shuffle = 0;
    cfg.loss = nn_loss_default(loss), cfg.target_off = 0.01, cfg.target_on = 0.99;
    xp_log lg;
    xp_log_init(&lg, stdout, NULL);
    cfg.on_progress = xp_on_progress, cfg.on_epoch = xp_on_epoch, cfg.ctx = &lg;
    nn_error err = { NN_OK, "" };
    if (nn_train(net, opt, &cfg, d, NULL, NULL, &err) != NN_OK)
        xp_die(err.msg);
    nn_optim_free(opt);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    printf("threads: 1\n");
    nn_dataset train, test;
    xp_load_mnist("train", &train);
    xp_load_mnist("t10k", &test);
    nn_dataset_affine(&train, 0.99, 0.01);      /* [0, 1] -> [0.01, 1] */
    nn_dataset_affine(&test, 0.99, 0.01);
    FILE *num = xp_open(dir, "numbers.tex");
    /* <<train the classic network four ways and report>> */
    double acc[4], ratio[2] = { NAN, NAN };
    for (int v = 0; v < 4; v++) {
        nn_net *net = classic_net(v < 3);
        nn_train_config ec = nn_train_defaults();
        ec.loss = nn_loss_default(v < 3 ? NN_LOSS_MSE : NN_LOSS_BCE_LOGITS);
        if (v == 0)
            published_epoch(net, &train, ratio);
        else
            exact_epoch(net, &train, ec.loss.kind,
                        (v < 3 ? CLASSES / 2.0 : CLASSES) * eta * (v == 2 ? 4 : 1));
        nn_eval ev;
        must(nn_evaluate(net, &ec, &test, &ev, NULL, NULL), "evaluate");
        acc[v] = 100 * ev.accuracy;
        printf("run %d: test accuracy %.2f%%\n", v + 1, acc[v]);
        nn_net_free(net);
    }
    /* <<define the classic network's numbers>> */
    xp_def(num, "LearnClassicEta", "%g", eta);
    xp_def(num, "LearnClassicEtaFour", "%g", 4 * eta);
    xp_def(num, "LearnClassicPublished", "%.2f", acc[0]);
    xp_def(num, "LearnClassicExact", "%.2f", acc[1]);
    xp_def(num, "LearnClassicExactFour", "%.2f", acc[2]);
    xp_def(num, "LearnClassicCe", "%.2f", acc[3]);
    xp_def(num, "LearnClassicRatioFirst", "%.1f", ratio[0]);
    xp_def(num, "LearnClassicRatioLast", "%.1f", ratio[1]);
    printf("published hidden error / exact: %.2f (first %d), %.2f (last %d)\n",
           ratio[0], WINDOW, ratio[1], WINDOW);
    xp_close(num);
    nn_dataset_free(&train), nn_dataset_free(&test);
    return 0;
}

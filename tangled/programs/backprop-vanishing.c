/* Tangled from book/a2-140-backprop.nw by 'make tangle'. Edit the book, not this file. */
/* backprop-vanishing: the norm of the gradient that reaches each layer of deep
   networks with sigmoid, tanh and ReLU units, and with ReLU at three weight
   scales.  Usage: backprop-vanishing OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn-layer.h"        /* it calls a layer's backward operation */
#include "experiment.h"

enum { DEPTH = 20, WIDTH = 64, CLASSES = 10, B = 128, SEEDS = 5, CONFIGS = 6 };

typedef struct config { const char *name; nn_act_kind act; double gain; } config;
static const config configs[CONFIGS] = {
    { "Sigmoid", NN_ACT_SIGMOID, 1 }, { "Tanh", NN_ACT_TANH, 1 },
    { "Relu", NN_ACT_RELU, 1 }, { "ReluLow", NN_ACT_RELU, 0.70710678118654752 },
    { "ReluHigh", NN_ACT_RELU, 1.4142135623730950 }, { "TanhHigh", NN_ACT_TANH, 2 }
};

/* <<build a deep network with a given weight scale>> */
static nn_net *deep_net(const config *c, nn_rng *rng)
{
    size_t sizes[DEPTH + 1];
    for (int l = 0; l < DEPTH; l++)
        sizes[l] = WIDTH;
    sizes[DEPTH] = CLASSES;
    nn_net *net;
    if (nn_net_mlp(&net, DEPTH + 1, sizes, nn_act_default(c->act), B, rng) != NN_OK)
        xp_die("cannot build the network");
    size_t n;
    nn_real *p = nn_net_params(net, &n);
    for (size_t i = 0; i < n; i++)          /* the biases are 0: scale everything */
        p[i] *= (nn_real)c->gain;
    return net;
}
/* <<backpropagate by hand, recording the gradient at each layer>> */
static void layer_norms(nn_net *net, const nn_real *dlogits, double *norm)
{
    static nn_real buf[2][B * WIDTH];
    const nn_real *dy = dlogits;
    const nn_ctx ctx = { .train = 1, .rng = NULL };
    for (size_t i = nn_net_n_layers(net); i-- > 0; ) {
        nn_layer *l = nn_net_layer(net, i);
        if (i % 2 == 0) {                               /* a dense layer */
            double s = 0;
            for (size_t k = 0; k < B * l->n_out; k++)
                s += (double)dy[k] * dy[k];
            norm[i / 2] = sqrt(s);
        }
        nn_real *dx = i > 0 ? buf[i % 2] : NULL;
        l->ops->backward(l, B, nn_net_activation(net, i),
                         nn_net_activation(net, i + 1), dy, dx, &ctx);
        dy = dx;
    }
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    static double lognorm[CONFIGS][DEPTH];
    /* <<measure every configuration, averaging over seeds>> */
    static nn_real X[B * WIDTH], dlogits[B * CLASSES];
    int labels[B];
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    for (int c = 0; c < CONFIGS; c++)
        for (int s = 0; s < SEEDS; s++) {
            nn_rng rng;
            nn_rng_seed(&rng, XP_SEED, 100 * (uint64_t)c + (uint64_t)s);
            nn_net *net = deep_net(&configs[c], &rng);
            for (int i = 0; i < B * WIDTH; i++)
                X[i] = (nn_real)nn_rng_normal(&rng);
            for (int k = 0; k < B; k++)
                labels[k] = (int)nn_rng_below(&rng, CLASSES);
            const nn_real *Y;
            if (nn_net_forward(net, B, X, 1, NULL, &Y) != NN_OK)
                xp_die("forward pass failed");
            nn_loss_eval(&L, B, CLASSES, Y, NULL, labels, dlogits);
            double norm[DEPTH];
            layer_norms(net, dlogits, norm);
            for (int l = 0; l < DEPTH; l++)
                lognorm[c][l] += log10(norm[l]) / SEEDS;
            nn_net_free(net);
        }
    /* <<write the norms and the numbers>> */
    FILE *out = xp_open(dir, "norms.dat"), *num = xp_open(dir, "numbers.tex");
    for (int l = 0; l < DEPTH; l++) {
        fprintf(out, "%d", l + 1);
        for (int c = 0; c < CONFIGS; c++)
            fprintf(out, " %.6g", pow(10, lognorm[c][l]));
        fprintf(out, "\n");
    }
    /* <<write the ratios and factors of every configuration>> */
    char name[64], buf[64];
    for (int c = 0; c < CONFIGS; c++) {
        double ratio = pow(10, lognorm[c][0] - lognorm[c][DEPTH - 1]);
        double factor = pow(ratio, 1.0 / (DEPTH - 1));
        snprintf(name, sizeof name, "BpVan%sRatio", configs[c].name);
        xp_def(num, name, "%s", xp_tex_sci(buf, ratio, 0));
        snprintf(name, sizeof name, "BpVan%sFactor", configs[c].name);
        xp_def(num, name, "%.2f", factor);
        printf("%-9s first/last %.3g, per layer %.3f\n", configs[c].name, ratio, factor);
    }
    xp_def(num, "BpVanDepth", "%d", DEPTH);
    xp_def(num, "BpVanWidth", "%d", WIDTH);
    xp_def(num, "BpVanClasses", "%d", CLASSES);
    xp_def(num, "BpVanBatch", "%d", B);
    xp_def(num, "BpVanSeeds", "%d", SEEDS);
    xp_close(out);
    xp_close(num);
    return 0;
}

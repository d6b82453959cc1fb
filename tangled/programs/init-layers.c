/* Tangled from book/a2-230-init.nw by 'make tangle'. Edit the book, not this file. */
/* init-layers: the scale of the activations going up, and of the weight
   gradients coming down, in deep tanh and ReLU stacks under four
   initialisations.  Usage: init-layers OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { DEPTH = 10, WIDTH = 256, B = 500, SCHEMES = 4, ACTS = 2 };
#define SMALL_STD 0.01
#define LARGE_STD 1.0

/* <<the initialisations and activations of the layers experiment>> */
typedef struct il_scheme { const char *name; double std; nn_init kind; } il_scheme;
static const il_scheme schemes[SCHEMES] = {
    { "Small", SMALL_STD, NN_INIT_HE_NORMAL },
    { "Large", LARGE_STD, NN_INIT_HE_NORMAL },
    { "Xavier", 0, NN_INIT_XAVIER_NORMAL }, { "He", 0, NN_INIT_HE_NORMAL },
};
static const char *const act_tex[ACTS] = { "Tanh", "Relu" };
static const nn_act_kind act_kind[ACTS] = { NN_ACT_TANH, NN_ACT_RELU };

typedef struct il_result {
    double rms[DEPTH + 1], saturated[DEPTH + 1], grad[DEPTH + 1];
} il_result;
/* <<mean squares and saturation of an array>> */
static double mean_square(size_t n, const nn_real *x)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (double)x[i] * x[i];
    return s / (double)n;
}

static double fraction_beyond(size_t n, const nn_real *x, double t)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += fabs((double)x[i]) > t;
    return (double)k / (double)n;
}
/* <<run one stack of the layers experiment>> */
static void run_stack(int a, int s, il_result *r)
{
    static nn_real H[DEPTH + 1][B * WIDTH], Z[DEPTH + 1][B * WIDTH];
    static nn_real W[DEPTH + 1][WIDTH * WIDTH], dW[WIDTH * WIDTH];
    static nn_real dH[B * WIDTH], dZ[B * WIDTH], db[WIDTH], zero[WIDTH];
    nn_act f = nn_act_default(act_kind[a]);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 10 * (uint64_t)a + (uint64_t)s);
    /* <<draw the inputs and the weights of a stack>> */
    for (size_t i = 0; i < B * WIDTH; i++)
        H[0][i] = (nn_real)nn_rng_normal(&rng);
    r->rms[0] = sqrt(mean_square(B * WIDTH, H[0]));
    for (int l = 1; l <= DEPTH; l++)
        if (schemes[s].std > 0)
            for (size_t i = 0; i < WIDTH * WIDTH; i++)
                W[l][i] = (nn_real)(schemes[s].std * nn_rng_normal(&rng));
        else
            nn_init_weights(schemes[s].kind, WIDTH, WIDTH, W[l], &rng);
    /* <<send the batch up the stack, recording each layer's scale>> */
    for (int l = 1; l <= DEPTH; l++) {
        /* (eq:init-stack) */
        nn_dense_forward(B, WIDTH, WIDTH, H[l - 1], W[l], zero, Z[l]);
        nn_act_forward(&f, B, WIDTH, Z[l], H[l]);
        r->rms[l] = sqrt(mean_square(B * WIDTH, H[l]));     /* (eq:init-product) */
        r->saturated[l] = fraction_beyond(B * WIDTH, H[l], 0.99);
    }
    for (size_t i = 0; i < B * WIDTH; i++)
        dH[i] = (nn_real)nn_rng_normal(&rng);
    /* <<send a gradient down the stack, recording each layer's weight gradient>> */
    for (int l = DEPTH; l >= 1; l--) {
        nn_act_backward(&f, B, WIDTH, Z[l], H[l], dH, dZ);
        /* (eq:init-backward) */
        nn_dense_backward(B, WIDTH, WIDTH, H[l - 1], W[l], dZ, dH, dW, db);
        r->grad[l] = sqrt(mean_square(WIDTH * WIDTH, dW) * WIDTH * WIDTH);
    }
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    static il_result res[ACTS][SCHEMES];
    for (int a = 0; a < ACTS; a++)
        for (int s = 0; s < SCHEMES; s++)
            run_stack(a, s, &res[a][s]);
    /* <<write the layers experiment's data>> */
    FILE *lay = xp_open(dir, "layers.dat"), *gr = xp_open(dir, "grads.dat");
    for (int l = 1; l <= DEPTH; l++) {
        fprintf(lay, "%d", l);
        fprintf(gr, "%d", l);
        for (int a = 0; a < ACTS; a++)
            for (int s = 0; s < SCHEMES; s++) {
                fprintf(lay, " %.6g", res[a][s].rms[l]);
                fprintf(gr, " %.6g", res[a][s].grad[l]);
            }
        fprintf(lay, "\n");
        fprintf(gr, "\n");
    }
    xp_close(lay);
    xp_close(gr);
    /* <<write the layers experiment's numbers>> */
    FILE *num = xp_open(dir, "numbers.tex");
    char name[64], buf[64];
    for (int a = 0; a < ACTS; a++)
        for (int s = 0; s < SCHEMES; s++) {
            const il_result *r = &res[a][s];
            snprintf(name, sizeof name, "Init%s%sRms", act_tex[a], schemes[s].name);
            xp_def(num, name, "%s", xp_tex_sci(buf, r->rms[DEPTH], 1));
            snprintf(name, sizeof name, "Init%s%sGrad", act_tex[a], schemes[s].name);
            xp_def(num, name, "%s", xp_tex_sci(buf, r->grad[1], 1));
            double ratio = r->grad[1] / r->grad[DEPTH];
            snprintf(name, sizeof name, "Init%s%sRatio", act_tex[a], schemes[s].name);
            if (ratio > 0.1 && ratio < 100)
                xp_def(num, name, "%.2g", ratio);
            else
                xp_def(num, name, "%s", xp_tex_sci(buf, ratio, 1));
            printf("%s %-6s rms %.3g  grad %.3g, first/last %.3g\n", act_tex[a],
                   schemes[s].name, r->rms[DEPTH], r->grad[1], r->grad[1] / r->grad[DEPTH]);
        }
    /* <<write the settings of the layers experiment>> */
    xp_def(num, "InitTanhLargeSat", "%.0f", 100 * res[0][1].saturated[DEPTH]);
    xp_def(num, "InitDepth", "%d", DEPTH);
    xp_def(num, "InitWidth", "%d", WIDTH);
    xp_def(num, "InitBatch", "%d", B);
    xp_def(num, "InitSmallStd", "%g", SMALL_STD);
    xp_def(num, "InitLargeStd", "%g", LARGE_STD);
    xp_def(num, "InitSmallFactor", "%.3g", WIDTH * SMALL_STD * SMALL_STD);
    xp_def(num, "InitLargeFactor", "%.3g", WIDTH * LARGE_STD * LARGE_STD);
    xp_close(num);
    return 0;
}

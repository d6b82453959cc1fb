/* Tangled from book/a4-solutions.nw by 'make tangle'. Edit the book, not this file. */
/* Solution of the graded exercise mnist-classic (appendix B): the classic
   network with the exact gradient of its squared error. */
#include <math.h>
#include <string.h>
#include "exercise.h"

#define TARGET_ACCURACY 95.0    /* percent of the test images, after one epoch */

/* <<the classic solution's sizes and learning rate>> */
enum { N_IN = 784, HIDDEN = 200, N_OUT = 10 };

static double classic_rate(double done)
{
    return 0.8 * (1 - done);
}

/* <<the classic network's parameters>> */
/* W1[i * HIDDEN + j] weighs input i into hidden unit j, W2[j * N_OUT + k]
   hidden unit j into output k (the layout of the library's dense layers). */
typedef struct classic_net {
    nn_real W1[N_IN * HIDDEN], b1[HIDDEN], W2[HIDDEN * N_OUT], b2[N_OUT];
    nn_real h[HIDDEN], y[N_OUT];     /* the activations of the last forward pass */
} classic_net;

/* <<the classic solution's forward pass>> */
static nn_real classic_sigmoid(double z)
{
    return (nn_real)(z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)));
}

static void classic_forward(classic_net *n, const nn_real *x)
{
    memcpy(n->h, n->b1, sizeof n->h);
    for (size_t i = 0; i < N_IN; i++)
        if (x[i] != 0)
            for (size_t j = 0; j < HIDDEN; j++)
                n->h[j] += x[i] * n->W1[i * HIDDEN + j];
    for (size_t j = 0; j < HIDDEN; j++)
        n->h[j] = classic_sigmoid(n->h[j]);
    for (size_t k = 0; k < N_OUT; k++) {
        nn_real z = n->b2[k];
        for (size_t j = 0; j < HIDDEN; j++)
            z += n->h[j] * n->W2[j * N_OUT + k];
        n->y[k] = classic_sigmoid(z);
    }
}

/* <<the classic solution's training step>> */
static void classic_step(classic_net *n, const nn_real *x, int label, double lr)
{
    nn_real d2[N_OUT], d1[HIDDEN];
    classic_forward(n, x);
    for (size_t k = 0; k < N_OUT; k++) {
        nn_real t = (int)k == label ? 0.99f : 0.01f, y = n->y[k];
        d2[k] = (y - t) * y * (1 - y);
    }
    for (size_t j = 0; j < HIDDEN; j++) {
        nn_real s = 0;
        for (size_t k = 0; k < N_OUT; k++)
            s += n->W2[j * N_OUT + k] * d2[k];
        d1[j] = s * n->h[j] * (1 - n->h[j]);
    }
    /* <<step every parameter of the classic network>> */
    nn_real eta = (nn_real)lr;
    for (size_t j = 0; j < HIDDEN; j++)
        for (size_t k = 0; k < N_OUT; k++)
            n->W2[j * N_OUT + k] -= eta * n->h[j] * d2[k];
    for (size_t k = 0; k < N_OUT; k++)
        n->b2[k] -= eta * d2[k];
    for (size_t i = 0; i < N_IN; i++)
        if (x[i] != 0)
            for (size_t j = 0; j < HIDDEN; j++)
                n->W1[i * HIDDEN + j] -= eta * x[i] * d1[j];
    for (size_t j = 0; j < HIDDEN; j++)
        n->b1[j] -= eta * d1[j];
}

/* <<the classic exercise's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
static void classic_init(classic_net *n, nn_rng *rng)
{
    for (size_t i = 0; i < N_IN * HIDDEN; i++)
        n->W1[i] = (nn_real)(nn_rng_normal(rng) / sqrt(N_IN));
    for (size_t i = 0; i < HIDDEN * N_OUT; i++)
        n->W2[i] = (nn_real)(nn_rng_normal(rng) / sqrt(HIDDEN));
}
/* <<the classic exercise's scaffolding>> */
static nn_net *classic_as_net(const classic_net *n)
{
    const size_t sizes[] = { N_IN, HIDDEN, N_OUT };
    nn_net *net;
    size_t np;
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_SIGMOID), 100, NULL) != NN_OK)
        ex_die("cannot build the library's network");
    nn_real *p = nn_net_params(net, &np);
    memcpy(p, n->W1, sizeof n->W1), p += N_IN * HIDDEN;
    memcpy(p, n->b1, sizeof n->b1), p += HIDDEN;
    memcpy(p, n->W2, sizeof n->W2), p += HIDDEN * N_OUT;
    memcpy(p, n->b2, sizeof n->b2);
    return net;
}
/* <<the classic exercise's scaffolding>> */
static size_t classic_disagreements(classic_net *n, nn_net *net, const nn_dataset *test)
{
    size_t d = 0;
    for (size_t k = 0; k < test->n; k++) {
        const nn_real *x = test->x + k * N_IN, *z;
        classic_forward(n, x);
        if (nn_net_forward(net, 1, x, 0, NULL, &z) != NN_OK)
            ex_die("the library's forward pass failed");
        size_t a = 0, b = 0;
        for (size_t j = 1; j < N_OUT; j++) {
            a = n->y[j] > n->y[a] ? j : a;
            b = z[j] > z[b] ? j : b;
        }
        d += a != b;
    }
    return d;
}
/* <<the classic exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    nn_dataset train, test;
    ex_load_mnist(&train, &test);
    classic_net *n = calloc(1, sizeof *n);
    size_t *order = malloc(train.n * sizeof *order);
    if (!n || !order)
        ex_die("out of memory");
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 1);
    classic_init(n, &rng);
    for (size_t k = 0; k < train.n; k++)
        order[k] = k;
    nn_shuffle(train.n, order, &rng);
    printf("mnist-classic: 784-%d-10, one epoch of %zu examples\n", HIDDEN, train.n);
    /* <<train the classic network for one epoch>> */
    double t0 = ex_seconds();
    for (size_t k = 0; k < train.n; k++) {
        size_t e = order[k];
        classic_step(n, train.x + e * N_IN, train.labels[e],
                   classic_rate((double)k / (double)train.n));
        if ((k + 1) % 10000 == 0)
            printf("%6zu examples, %.0f s\n", k + 1, ex_seconds() - t0);
    }
    double seconds = ex_seconds() - t0;
    nn_net *net = classic_as_net(n);
    printf("your forward pass and the library's disagree on %zu of %zu test images\n",
           classic_disagreements(n, net, &test), test.n);
    ex_report(net, &test, TARGET_ACCURACY, seconds);
    return 0;
}

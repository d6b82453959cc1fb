/* Tangled from book/a7-solutions.nw by 'make tangle'. Edit the book, not this file. */
/* Solution of the graded exercise mnist-classic: the classic
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
    for (size_t j = 0; j < HIDDEN; j++) {
        double b = n->b1[j];
        for (size_t i = 0; i < N_IN; i++)
            b += 0.01 * n->W1[i * HIDDEN + j];
        p[N_IN * HIDDEN + j] = (nn_real)b;
    }
    for (size_t i = 0; i < N_IN * HIDDEN; i++)
        p[i] = (nn_real)(0.99 * n->W1[i]);
    p += N_IN * HIDDEN + HIDDEN;
    memcpy(p, n->W2, sizeof n->W2), p += HIDDEN * N_OUT;
    memcpy(p, n->b2, sizeof n->b2);
    return net;
}
/* <<the classic exercise's scaffolding>> */
static void classic_scale(const nn_real *x, nn_real *xs)
{
    for (size_t i = 0; i < N_IN; i++)
        xs[i] = (nn_real)(0.99 * x[i] + 0.01);
}

static size_t classic_disagreements(classic_net *n, nn_net *net, const nn_dataset *test)
{
    size_t d = 0;
    nn_real xs[N_IN];
    for (size_t k = 0; k < test->n; k++) {
        const nn_real *x = test->x + k * N_IN, *z;
        classic_scale(x, xs);
        classic_forward(n, xs);
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
static double classic_check_forward(classic_net *n, const nn_real *xs)
{
    nn_real x[N_IN];
    const nn_real *z;
    for (size_t i = 0; i < N_IN; i++)
        x[i] = (nn_real)((xs[i] - 0.01) / 0.99);       /* back to [0, 1] */
    nn_net *net = classic_as_net(n);
    if (nn_net_forward(net, 1, x, 0, NULL, &z) != NN_OK)
        ex_die("the library's forward pass failed");
    classic_forward(n, xs);
    double worst = 0;
    for (size_t k = 0; k < N_OUT; k++)
        worst = fmax(worst, fabs(n->y[k] - 1 / (1 + exp(-(double)z[k]))));
    nn_net_free(net);
    return worst;
}
/* <<the classic exercise's scaffolding>> */
static double classic_loss(classic_net *n, const nn_real *x, int label)
{
    double E = 0;
    classic_forward(n, x);
    for (size_t k = 0; k < N_OUT; k++) {
        double t = (int)k == label ? 0.99 : 0.01;
        E += 0.5 * (n->y[k] - t) * (n->y[k] - t);
    }
    return E;
}

/* <<compare the step with the slope of E on sampled parameters>> */
static void classic_self_check(const classic_net *n0, const nn_real *x, int label)
{
    classic_net *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    if (!a || !b)
        ex_die("out of memory");
    memcpy(a, n0, sizeof *a), memcpy(b, n0, sizeof *b);
    double fwd = classic_check_forward(a, x), worst = 0, largest = 0;
    classic_step(b, x, label, 1.0);
    nn_real *pa[4] = { a->W1, a->b1, a->W2, a->b2 };
    const nn_real *p0[4] = { n0->W1, n0->b1, n0->W2, n0->b2 }, *pb[4] = { b->W1,
                             b->b1, b->W2, b->b2 };
    size_t len[4] = { N_IN * HIDDEN, HIDDEN, HIDDEN * N_OUT, N_OUT }, bright[8], nb = 0;
    for (size_t i = 0; i < N_IN && nb < 8; i++)
        if (x[i] > 0.5)
            bright[nb++] = i;
    /* <<measure the slope along sampled parameters>> */
    const double eps = 1e-2;
    for (int t = 0; t < 4; t++)
        for (size_t s = 0; s < 8; s++) {
            size_t i = t == 0 ? bright[s % nb] * HIDDEN + s * 37 % HIDDEN
                              : s * 7919 % len[t];
            nn_real keep = pa[t][i];
            pa[t][i] = (nn_real)(keep + eps);
            double up = classic_loss(a, x, label);
            pa[t][i] = (nn_real)(keep - eps);
            double fd = (up - classic_loss(a, x, label)) / (2 * eps);
            pa[t][i] = keep;
            double g = (double)p0[t][i] - (double)pb[t][i];
            largest = fmax(largest, fabs(fd));
            worst = fmax(worst, fabs(g - fd) / (fabs(fd) + 3e-4));
        }
    printf("self-check: forward pass %s (largest difference from the library's "
           "output %.1e)\n", fwd < 1e-4 ? "agrees" : "DISAGREES", fwd);
    if (largest == 0)
        printf("self-check: E does not change with the parameters: write the "
               "forward pass first\n");
    else
        printf("self-check: your step %s the gradient of E (largest relative "
               "difference %.1e)%s\n", worst < 0.05 ? "follows" : "does NOT follow",
               worst, worst < 0.05 ? "" : ": a bug, which no setting will fix");
    free(a), free(b);
}
/* <<the classic exercise's scaffolding>> */
static double classic_accuracy(classic_net *n, const nn_dataset *d)
{
    size_t correct = 0;
    for (size_t e = 0; e < d->n; e++) {
        classic_forward(n, d->x + e * N_IN);
        size_t best = 0;
        for (size_t k = 1; k < N_OUT; k++)
            best = n->y[k] > n->y[best] ? k : best;
        correct += best == (size_t)d->labels[e];
    }
    return 100.0 * (double)correct / (double)d->n;
}
/* <<the classic exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    nn_dataset_affine(&train, 0.99, 0.01);      /* [0, 1] -> [0.01, 1] */
    ex_split(&train, &fit, &val);
    classic_net *n = calloc(1, sizeof *n);
    size_t *order = malloc(fit.n * sizeof *order);
    if (!n || !order)
        ex_die("out of memory");
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 1);
    classic_init(n, &rng);
    classic_self_check(n, fit.x, fit.labels[0]);
    for (size_t k = 0; k < fit.n; k++)
        order[k] = k;
    nn_shuffle(fit.n, order, &rng);
    printf("mnist-classic: 784-%d-10, one epoch of %zu examples\n", HIDDEN, fit.n);
    /* <<train the classic network for one epoch>> */
    double t0 = nn_seconds(), seconds = 0;
    for (size_t k = 0; k < fit.n; k++) {
        size_t e = order[k];
        classic_step(n, fit.x + e * N_IN, fit.labels[e],
                     classic_rate((double)k / (double)fit.n));
        if ((k + 1) % 10000 == 0) {
            seconds += nn_seconds() - t0;
            printf("%6zu examples: validation accuracy %.2f%%, %.0f s\n", k + 1,
                   classic_accuracy(n, &val), seconds);
            t0 = nn_seconds();
        }
    }
    nn_net *net = classic_as_net(n);
    printf("your forward pass and the library's disagree on %zu of %zu test images\n",
           classic_disagreements(n, net, &test), test.n);
    ex_report(net, &test, TARGET_ACCURACY, seconds);
    return 0;
}

/* Tangled from book/a7-solutions.nw by 'make tangle'. Edit the book, not this file. */
/* Solution of the graded exercise reg-dropout. */
#include <math.h>
#include <string.h>
#include "exercise.h"
#include "nn-layer.h"

#define TARGET_ACCURACY 98.3    /* percent of the test images */

/* <<the dropout exercise's fixed settings>> */
enum { N_IN = 784, WIDTH = 400, N_OUT = 10, BATCH = 64, MAX_EPOCHS = 20 };
static const double LR = 0.05, MOMENTUM = 0.9;

typedef struct my_dropout {     /* a kind of layer of your own */
    nn_layer base;              /* n_in = n_out; cache: one number per input */
    double p;                   /* the probability of dropping a unit */
} my_dropout;

/* <<the dropout solution's layer and settings>> */
static const double P_DROP = 0.2;
static const double WEIGHT_DECAY = 5e-4;
enum { EPOCHS = 15 };

static nn_status my_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                            const nn_ctx *c)
{
    double p = ((my_dropout *)l)->p;
    size_t n = B * l->n_in;
    if (!c->train || p == 0) {
        memmove(y, x, n * sizeof *y);
        return NN_OK;
    }
    if (!c->rng)
        return NN_EINVAL;
    for (size_t i = 0; i < n; i++) {
        l->cache[i] = nn_rng_uniform(c->rng) < p ? 0 : (nn_real)(1 / (1 - p));
        y[i] = x[i] * l->cache[i];
    }
    return NN_OK;
}

static void my_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                        const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    (void)x, (void)y;
    size_t n = B * l->n_in;
    int masked = c->train && ((my_dropout *)l)->p > 0;
    for (size_t i = 0; dx && i < n; i++)
        dx[i] = masked ? dy[i] * l->cache[i] : dy[i];
}

/* <<the dropout exercise's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
static const nn_layer_ops my_dropout_ops = {
    .kind = "my-dropout", .forward = my_forward, .backward = my_backward,
};

static nn_layer *my_dropout_layer(size_t n, double p)
{
    my_dropout *d = calloc(1, sizeof *d);
    if (!d)
        ex_die("out of memory");
    d->base = (nn_layer){ .ops = &my_dropout_ops, .n_in = n, .n_out = n,
                          .n_cache_row = n };
    d->p = p;
    return &d->base;
}
/* <<the dropout exercise's scaffolding>> */
static const char *my_check(void)
{
    enum { B = 40, N = 1000 };
    static nn_real cache[B * N], x[B * N], y[B * N], dy[B * N], dx[B * N];
    nn_layer *l = my_dropout_layer(N, 0.3);
    nn_layer_bind(l, B, NULL, NULL, NULL, cache);
    nn_rng r, before;
    nn_rng_seed(&r, EX_SEED, 9);
    for (int i = 0; i < B * N; i++)
        x[i] = (nn_real)(1 + i % 7), dy[i] = (nn_real)(i % 5 - 2);
    nn_ctx train = { 1, &r }, eval = { 0, NULL };
    /* <<check a training pass of the dropout exercise's layer>> */
    if (my_forward(l, B, x, y, &train) != NN_OK)
        return free(l), "the training pass failed";
    my_backward(l, B, x, y, dy, dx, &train);
    double zeros = 0, keep = 1 / (1 - 0.3);
    for (int i = 0; i < B * N; i++) {
        int dropped = y[i] == 0;
        zeros += dropped;
        if (!dropped && fabs(y[i] - x[i] * keep) > 1e-5 * x[i] * keep)
            return free(l), "a kept output is not the input divided by 1 - p";
        if (fabs(dx[i] - (dropped ? 0 : dy[i] * keep)) > 1e-5 * keep * 2)
            return free(l), "the backward pass does not use the forward pass's factors";
    }
    if (fabs(zeros / (B * N) - 0.3) > 6 * sqrt(0.3 * 0.7 / (B * N)))
        return free(l), "the fraction of dropped units is not p";
    /* <<check an evaluation pass of the dropout exercise's layer>> */
    before = r;
    eval.rng = &r;
    if (my_forward(l, B, x, y, &eval) != NN_OK || memcmp(x, y, sizeof x) != 0)
        return free(l), "evaluation is not the identity";
    if (r.state != before.state)
        return free(l), "evaluation draws random numbers";
    free(l);
    return NULL;
}
/* <<the dropout exercise's scaffolding>> */
typedef struct dropout_run {
    nn_optim *opt;
    double seconds;                     /* training so far */
} dropout_run;

static int my_on_epoch(void *ctx, const nn_epoch_stats *s)
{
    dropout_run *run = ctx;
    run->seconds += s->seconds;
    nn_optim_set_lr(run->opt, LR * 0.5 * (1 + cos(3.14159265358979 * (double)s->epoch
                                                       / EPOCHS)));
    if (s->epoch > 0)
        ex_epoch_line(s->epoch, s->train_loss, 100 * s->val_acc, run->seconds);
    return 0;
}
/* <<the dropout exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    ex_split(&train, &fit, &val);
    const char *why = my_check();
    printf("self-check: your dropout layer %s%s\n", why ? "is WRONG: " : "works",
           why ? why : "");
    if (!(P_DROP >= 0 && P_DROP < 1) || !(WEIGHT_DECAY >= 0) || EPOCHS < 1
        || (int)EPOCHS > (int)MAX_EPOCHS)
        ex_die("the settings are out of range (see their comments)");
    /* <<build the dropout exercise's network>> */
    const size_t sizes[] = { N_IN, WIDTH, WIDTH, N_OUT };
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *net;
    nn_layer *l;
    if (nn_net_create(&net, N_IN) != NN_OK)
        ex_die("out of memory");
    for (int k = 1; k < 4; k++) {
        if (nn_layer_dense(&l, sizes[k - 1], sizes[k], NN_INIT_HE_NORMAL) != NN_OK
            || nn_net_add(net, l) != NN_OK)
            ex_die("cannot build the network");
        if (k < 3 && (nn_layer_act(&l, sizes[k], nn_act_default(NN_ACT_RELU)) != NN_OK
                      || nn_net_add(net, l) != NN_OK
                      || nn_net_add(net, my_dropout_layer(sizes[k], P_DROP)) != NN_OK))
            ex_die("cannot build the network");
    }
    if (nn_net_build(net, 256) != NN_OK)
        ex_die("out of memory");
    nn_net_init_params(net, &rng);
    /* <<train the dropout exercise's network>> */
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = LR, oc.momentum = MOMENTUM, oc.weight_decay = WEIGHT_DECAY;
    nn_optim *opt;
    if (nn_optim_create(&opt, &oc, nn_net_n_params(net)) != NN_OK)
        ex_die("out of memory");
    nn_train_config cfg = nn_train_defaults();
    dropout_run run = { opt, 0 };
    cfg.epochs = EPOCHS, cfg.batch = BATCH, cfg.on_epoch = my_on_epoch, cfg.ctx = &run;
    printf("reg-dropout: 784-%d-%d-10 ReLU, dropout %g, weight decay %g, %d epochs\n",
           WIDTH, WIDTH, P_DROP, WEIGHT_DECAY, EPOCHS);
    nn_error err = { NN_OK, "" };
    double t0 = nn_seconds();
    if (nn_train(net, opt, &cfg, &fit, &val, &rng, &err) != NN_OK)
        ex_die(err.msg);
    double seconds = nn_seconds() - t0;
    /* <<report the dropout exercise's network without its dropout layers>> */
    nn_net *plain;
    if (nn_net_mlp(&plain, 4, sizes, nn_act_default(NN_ACT_RELU), 256, NULL) != NN_OK)
        ex_die("out of memory");
    size_t np;
    const nn_real *trained = nn_net_params(net, &np);
    memcpy(nn_net_params(plain, &np), trained, np * sizeof *trained);
    ex_report(plain, &test, TARGET_ACCURACY, seconds);
    return 0;
}

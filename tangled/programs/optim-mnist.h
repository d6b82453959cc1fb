/* Tangled from book/a2-221-optimizers-mnist.nw by 'make tangle'. Edit the book, not this file. */
/* Helpers of the optimizer chapter's MNIST programs (not part of libnn). */
#ifndef OPTIM_MNIST_H
#define OPTIM_MNIST_H
#include <math.h>
#include <string.h>
#include "nn.h"
#include "judging.h"
#include "speed.h"

enum { OM_FIT = 10000, OM_VAL = 5000, OM_HIDDEN = 100, OM_MAX_EPOCHS = 16 };

/* <<optimizers on MNIST: the data>> */
typedef struct om_data {
    nn_dataset train, test;         /* the files, which own the memory */
    nn_dataset fit, val;            /* views into train */
} om_data;

static inline void om_load(om_data *d)
{
    nn_dataset fit, val;
    xp_load_mnist("train", &d->train);
    xp_load_mnist("t10k", &d->test);
    ju_split(&d->train, &fit, &val);
    d->fit = nn_dataset_view(&fit, 0, OM_FIT);
    d->val = nn_dataset_view(&val, 0, OM_VAL);
}

static inline void om_free(om_data *d)
{
    nn_dataset_free(&d->train), nn_dataset_free(&d->test);
}
/* <<optimizers on MNIST: one run>> */
typedef struct om_run {
    size_t epochs;                          /* epochs completed */
    nn_epoch_stats st[OM_MAX_EPOCHS + 1];   /* st[0]: before training */
    int diverged;
    double test_acc;
} om_run;

static inline int om_keep(void *ctx, const nn_epoch_stats *s)
{
    om_run *r = ctx;
    r->st[s->epoch] = *s, r->epochs = s->epoch;
    printf("  epoch %2zu  train loss %.4f  val acc %.4f  %.2f s\n", s->epoch,
           s->train_loss, s->val_acc, s->seconds);
    return 0;
}
/* <<optimizers on MNIST: one run>> */
static inline void om_train(const om_data *d, const nn_optim_config *oc,
                            size_t batch, size_t epochs, om_run *r)
{
    const size_t sizes[] = { 784, OM_HIDDEN, 10 };
    nn_rng init, order;
    nn_net *net;
    nn_optim *opt;
    size_t np;
    nn_rng_seed(&init, XP_SEED, 23), nn_rng_seed(&order, XP_SEED, 24);
    if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU),
                   batch > 1000 ? batch : 1000, &init) != NN_OK)
        xp_die("cannot build the network");
    nn_net_params(net, &np);
    if (nn_optim_create(&opt, oc, np) != NN_OK)
        xp_die("cannot create the optimizer");
    /* <<optimizers on MNIST: train and test the network>> */
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = epochs, cfg.batch = batch, cfg.on_epoch = om_keep, cfg.ctx = r;
    nn_error err = { NN_OK, "" };
    nn_eval ev;
    *r = (om_run){ 0 };
    r->diverged = nn_train(net, opt, &cfg, &d->fit, &d->val, &order, &err) != NN_OK;
    if (r->diverged)
        printf("  stopped: %s\n", err.msg);
    if (nn_evaluate(net, &cfg.loss, &d->test, &ev, NULL, NULL) != NN_OK)
        xp_die("cannot evaluate the network");
    r->test_acc = ev.accuracy;
    nn_optim_free(opt), nn_net_free(net);
}
/* <<optimizers on MNIST: the optimizers compared>> */
typedef struct om_optimizer {
    const char *label;          /* for the figure's key and the table */
    const char *macro;          /* for the names of the text's numbers */
    nn_optim_kind kind;
    double momentum;            /* mu; negative: the kind's suggested one */
    int nesterov;
} om_optimizer;

static const om_optimizer om_optimizers[] = {
    { "SGD",      "Sgd",      NN_OPTIM_SGD,     0, 0 },
    { "momentum", "Momentum", NN_OPTIM_SGD,    -1, 0 },
    { "Nesterov", "Nesterov", NN_OPTIM_SGD,    -1, 1 },
    { "AdaGrad",  "AdaGrad",  NN_OPTIM_ADAGRAD, -1, 0 },
    { "RMSProp",  "RMSProp",  NN_OPTIM_RMSPROP, -1, 0 },
    { "Adam",     "Adam",     NN_OPTIM_ADAM,    -1, 0 },
    { "AdamW",    "AdamW",    NN_OPTIM_ADAMW,   -1, 0 },
};
#define OM_OPTIMIZERS (sizeof om_optimizers / sizeof *om_optimizers)
/* <<optimizers on MNIST: the optimizers compared>> */
static inline nn_optim_config om_config(const om_optimizer *o)
{
    nn_optim_config c = nn_optim_suggested(o->kind);
    if (o->momentum >= 0)
        c.momentum = o->momentum;
    c.nesterov = o->nesterov;
    return c;
}

static inline size_t om_find(const char *label)
{
    for (size_t k = 0; k < OM_OPTIMIZERS; k++)
        if (strcmp(om_optimizers[k].label, label) == 0)
            return k;
    xp_die("no such optimizer in the list");
    return 0;
}
/* <<optimizers on MNIST: the good range of learning rates>> */
static inline double om_crossing(const double *lr, const double *acc, size_t in,
                                 size_t out, double bar)
{
    double f = (acc[in] - bar) / (acc[in] - acc[out]);
    return exp(log(lr[in]) + f * (log(lr[out]) - log(lr[in])));
}

static inline size_t om_good_range(size_t n, const double *lr, const double *acc,
                                   double tol, double *lo, double *hi)
{
    size_t b = 0, l, h;
    for (size_t i = 1; i < n; i++)
        if (acc[i] > acc[b])
            b = i;
    double bar = acc[b] - tol;
    for (l = b; l > 0 && acc[l - 1] >= bar; l--)
        ;
    for (h = b; h + 1 < n && acc[h + 1] >= bar; h++)
        ;
    *lo = l > 0 ? om_crossing(lr, acc, l, l - 1, bar) : lr[0];
    *hi = h + 1 < n ? om_crossing(lr, acc, h, h + 1, bar) : lr[n - 1];
    return b;
}
/* <<optimizers on MNIST: the time to a target accuracy>> */
static inline double om_time_to(const om_run *r, double target)
{
    double t = 0;
    for (size_t e = 1; e <= r->epochs; e++) {
        double a0 = r->st[e - 1].val_acc, a1 = r->st[e].val_acc;
        if (a1 >= target)
            return t + r->st[e].seconds * (target - a0) / (a1 - a0);
        t += r->st[e].seconds;
    }
    return NAN;
}
#endif

/* Tangled from book/a2-210-judging.nw by 'make tangle'. Edit the book, not this file. */
/* Helpers for the experiment programs of the judging chapter (not part of libnn). */
#ifndef JUDGING_H
#define JUDGING_H
#include <time.h>
#include "experiment.h"
#include "learning.h"

/* <<split the training set as every program of the book does>> */
static inline void ju_split(nn_dataset *train, nn_dataset *fit, nn_dataset *val)
{
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 6);
    if (nn_dataset_split(train, 10000, &rng, fit, val) != NN_OK)
        xp_die("cannot split the training set");
}
/* <<a training run of the judging chapter>> */
typedef struct ju_run {
    size_t n_sizes, sizes[4];
    nn_act_kind act;
    double lr, momentum;
    size_t batch, epochs;
    uint64_t stream;
    const char *log;
} ju_run;

typedef struct ju_log {
    xp_log out;
    nn_epoch_stats last;
} ju_log;

static inline int ju_on_epoch(void *ctx, const nn_epoch_stats *s)
{
    ((ju_log *)ctx)->last = *s;
    return xp_on_epoch(&((ju_log *)ctx)->out, s);
}

static inline void ju_on_progress(void *ctx, const nn_progress *p)
{
    xp_on_progress(&((ju_log *)ctx)->out, p);
}
/* <<train a network for one run>> */
static inline nn_net *ju_train(const char *dir, const ju_run *r, const nn_dataset *fit,
                               const nn_dataset *val, nn_epoch_stats *last)
{
    nn_rng rng;
    nn_net *net;
    nn_optim *opt;
    nn_error err = { NN_OK, "" };
    size_t np;
    nn_rng_seed(&rng, XP_SEED, r->stream);
    if (nn_net_mlp(&net, r->n_sizes, r->sizes, nn_act_default(r->act), 500, &rng))
        xp_die("cannot build the network");
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = r->lr, oc.momentum = r->momentum;
    nn_net_params(net, &np);
    if (nn_optim_create(&opt, &oc, np) != NN_OK)
        xp_die("cannot create the optimizer");
    ju_log l;
    xp_log_init(&l.out, stdout, xp_open(dir, r->log));
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = r->epochs, cfg.batch = r->batch, cfg.ctx = &l;
    cfg.on_epoch = ju_on_epoch, cfg.on_progress = ju_on_progress;
    if (nn_train(net, opt, &cfg, fit, val, &rng, &err) != NN_OK)
        xp_die(err.msg);
    xp_close(l.out.dat);
    nn_optim_free(opt);
    *last = l.last;
    return net;
}
/* <<the accuracy of a network on a dataset>> */
static inline double ju_accuracy(nn_net *net, const nn_dataset *d)
{
    nn_train_config cfg = nn_train_defaults();
    nn_eval ev;
    if (nn_evaluate(net, &cfg.loss, d, &ev, NULL, NULL) != NN_OK)
        xp_die("cannot evaluate the network");
    return 100.0 * ev.accuracy;
}
/* <<read back the log of a run>> */
static inline size_t ju_read_log(const char *dir, const char *name,
                                 nn_epoch_stats *s, size_t max)
{
    char path[4096], line[256];
    size_t n = 0;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        xp_die("cannot read back the log of a run");
    while (n < max && fgets(line, sizeof line, f))
        n += sscanf(line, "%zu %lf %lf %lf %lf %lf", &s[n].epoch, &s[n].train_loss,
                    &s[n].train_acc, &s[n].val_loss, &s[n].val_acc, &s[n].seconds) == 6;
    fclose(f);
    return n;
}
#endif

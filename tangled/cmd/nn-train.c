/* Tangled from book/a2-300-trainer.nw by 'make tangle'. Edit the book, not this file. */
/* nn-train: train a multilayer perceptron on MNIST-format data (chapter
   "Model files and the trainer").  Run `nn-train --help` for the options. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "nn.h"
#include "train-options.h"
#include "xp-log.h"
#ifdef _OPENMP
#include <omp.h>
#endif

static int tr_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/* <<stop the trainer>> */
static void tr_usage_error(const char *msg)
{
    fprintf(stderr, "nn-train: %s\n(nn-train --help lists the options)\n", msg);
    exit(2);
}

static void tr_fail(const char *msg)
{
    fprintf(stderr, "nn-train: %s\n", msg);
    exit(1);
}
/* <<resume a run from its checkpoint>> */
static nn_net *tr_resume(train_options *o, int argc, char **argv, nn_checkpoint *ck)
{
    nn_net *net;
    nn_error err = { NN_OK, "" };
    char msg[600], *text, *stored;
    const char *path = o->resume;
    for (size_t mb = 256;; mb = o->batch) {
        if (nn_checkpoint_load(&net, ck, path, mb, &err) != NN_OK)
            tr_fail(err.msg);
        stored = ck->settings;              /* the options point into it: kept */
        ck->settings = NULL;
        if (!stored || train_resume(argc, argv, stored, o, &text, msg, sizeof msg))
            tr_usage_error(stored ? msg : "--resume: the checkpoint has no settings");
        if (o->batch <= mb)
            break;
        nn_net_free(net), nn_checkpoint_free(ck), free(text), free(stored);
    }
    ck->settings = text;
    o->resumed_at = ck->state.epochs_done;
    if (o->epochs <= o->resumed_at) {
        snprintf(msg, sizeof msg, "--resume %s: its run has %zu epochs already; "
                 "give --epochs above that to go on", path, o->resumed_at);
        tr_usage_error(msg);
    }
    /* <<refuse to run a resumed cosine past its end>> */
    if (ck->has_sched && ck->sched.cfg.kind == NN_SCHED_COSINE
        && o->epochs > (size_t)ck->sched.cfg.t_max) {
        snprintf(msg, sizeof msg, "--resume %s: its cosine schedule ends at epoch %ld; "
                 "--epochs %zu would climb back up the cosine", path,
                 ck->sched.cfg.t_max, o->epochs);
        tr_usage_error(msg);
    }
    return net;
}
/* <<load the trainer's data>> */
static const char *tr_load_data(const train_options *o, nn_dataset *all,
                                nn_dataset *test)
{
    const char *dir = nn_mnist_dir(o->data);
    nn_error err = { NN_OK, "" };
    if (nn_mnist_load_bytes(dir, "t10k", test, &err) != NN_OK
        || (o->epochs > 0 && nn_mnist_load_bytes(dir, "train", all, &err) != NN_OK))
        tr_fail(err.msg);
    return dir;
}
/* <<hold out the trainer's validation images>> */
static void tr_split(train_options *o, nn_dataset *all, nn_dataset *fit,
                     nn_dataset *val)
{
    nn_rng rng;
    o->validation = train_validation(o, all->n);
    nn_rng_seed(&rng, o->seed, 1);
    if (nn_dataset_split(all, o->validation, &rng, fit, val) != NN_OK)
        tr_fail("cannot split the training set");
}
/* <<build or load the trainer's network>> */
static nn_net *tr_check_network(nn_net *net, const char *path,
                                const nn_dataset *test)
{
    char msg[600];
    if (nn_net_n_in(net) != test->n_features || nn_net_n_out(net) != test->n_classes) {
        snprintf(msg, sizeof msg, "%s: the model takes %zu inputs and has %zu "
                 "outputs, but the data have %zu pixels and %zu classes", path,
                 nn_net_n_in(net), nn_net_n_out(net), test->n_features,
                 test->n_classes);
        tr_fail(msg);
    }
    return net;
}

static nn_net *tr_network(const train_options *o, const nn_dataset *test,
                            size_t max_batch)
{
    nn_net *net;
    nn_error err = { NN_OK, "" };
    if (o->load) {
        if (nn_model_load(&net, o->load, max_batch, &err) != NN_OK)
            tr_fail(err.msg);
        return tr_check_network(net, o->load, test);
    }
    size_t sizes[TRAIN_MAX_WIDTHS + 2], n = train_sizes(o, test->n_features,
                                                        test->n_classes, sizes);
    nn_rng rng;
    nn_rng_seed(&rng, o->seed, 2);
    nn_init init = o->init_given ? o->init : nn_init_for(o->act.kind);
    const nn_norm *norm = o->shape == 'a' ? o->norm + 1 : NULL;   /* --arch */
    nn_status s = o->residual_blocks        /* dropout 0: no dropout layers */
        ? nn_net_mlp_blocks(&net, n, sizes, norm, o->act, init, o->dropout,
                            o->residual_blocks, 1, max_batch, &rng)
        : nn_net_mlp_norm(&net, n, sizes, norm, o->act, init, o->dropout, max_batch,
                          &rng);
    if (s != NN_OK)
        tr_fail("out of memory for the network");
    return net;
}
/* <<print the trainer's settings>> */
static void tr_describe(nn_net *net, char *buf, size_t n)
{
    size_t k = (size_t)snprintf(buf, n, "%zu", nn_net_n_in(net));
    for (size_t i = 0; i < nn_net_n_layers(net) && k < n; i++) {
        const nn_layer *l = nn_net_layer(net, i);
        const nn_act *f = nn_layer_act_function(l);
        const char *kind = nn_layer_kind_name(l);
        double p = nn_layer_dropout_p(l);
        k += (size_t)(f ? snprintf(buf + k, n - k, " %s", nn_act_name(f->kind))
                      : p >= 0 ? snprintf(buf + k, n - k, " dropout(%g)", p)
                      : strcmp(kind, "dense") != 0 ? snprintf(buf + k, n - k, " %s",
                                                              kind)
                      : snprintf(buf + k, n - k, " -> %zu", l->n_out));
    }
}
/* <<print the trainer's settings>> */
static void tr_schedule_settings(const nn_sched_config *c)
{
    printf("  schedule   %s", nn_sched_name(c->kind));
    switch (c->kind) {
    case NN_SCHED_STEP:
        printf(", gamma %g every %ld epochs", c->gamma, c->step_size);
        break;
    case NN_SCHED_EXP:
        printf(", gamma %g", c->gamma);
        break;
    case NN_SCHED_WARMUP_COSINE:
        printf(", warm-up %ld epochs from %g x the rate, then", c->warmup,
               c->start_factor);
        /* fall through */
    case NN_SCHED_COSINE:
        printf(" down to %g at epoch %ld", c->min_lr, c->t_max);
        break;
    case NN_SCHED_PLATEAU:
        printf(", factor %g after %ld epochs without progress, floor %g",
               c->factor, c->patience, c->min_lr);
        break;
    default:
        break;
    }
    printf("\n");
}
/* <<print the trainer's settings>> */
static void tr_settings(const train_options *o, const char *dir, nn_net *net,
                           const nn_dataset *fit, const nn_dataset *val,
                           const nn_dataset *test)
{
    char d[400];
    tr_describe(net, d, sizeof d);
    int threads = tr_threads();
    printf("nn-train: seed %llu, %s precision, %d thread%s\n", o->seed, NN_PRECISION,
           threads, threads == 1 ? "" : "s");
    if (o->epochs > 0)
        printf("  data       %s: %zu to train, %zu to validate, %zu to test\n", dir,
               fit->n, val->n, test->n);
    else
        printf("  data       %s: %zu to test (no training)\n", dir, test->n);
    printf("  network    %s%s%s", d, o->load ? ", from " : "",
           o->load ? o->load : "");
    if (o->resume)
        printf(", resumed from %s at epoch %zu", o->resume, o->resumed_at);
    else if (!o->load)
        printf(", %s initialisation", nn_init_name(o->init_given ? o->init
                                                   : nn_init_for(o->act.kind)));
    /* <<print the residual blocks in the settings>> */
    if (o->residual_blocks)
        printf(", %zu residual block%s of width %zu", o->residual_blocks,
               o->residual_blocks == 1 ? "" : "s", nn_net_layer(net, 0)->n_out);
    printf("\n");
    printf("  loss       %s", nn_loss_name(o->loss.kind));
    if (!nn_loss_uses_labels(o->loss.kind))
        printf(", targets %g and %g", o->target_off, o->target_on);
    printf("\n  optimizer  %s, learning rate %g, momentum %g%s, weight decay %g",
           o->plain_gd ? "gd" : nn_optim_name(o->optim.kind), o->optim.lr,
           o->optim.momentum, o->optim.nesterov ? " (Nesterov)" : "",
           o->optim.weight_decay);
    if (o->optim.kind == NN_OPTIM_RMSPROP)
        printf(", alpha %g, eps %g", o->optim.alpha, o->optim.eps);
    if (o->optim.kind == NN_OPTIM_ADAGRAD)
        printf(", eps %g", o->optim.eps);
    if (o->optim.kind == NN_OPTIM_ADAM || o->optim.kind == NN_OPTIM_ADAMW)
        printf(", betas %g and %g, eps %g", o->optim.beta1, o->optim.beta2,
               o->optim.eps);
    if (o->optim.weight_decay > 0)
        printf(", %s", o->optim.decay_biases ? "biases decayed too"
                                             : "biases not decayed");
    printf("\n");
    printf("  training   %zu epoch%s, batches of %zu", o->epochs,
           o->epochs == 1 ? "" : "s", o->batch);
    if (o->clip_norm > 0)
        printf(", gradient clipped at global norm %g", o->clip_norm);
    printf("\n");
    tr_schedule_settings(&o->sched);
    /* <<print the settings of augmentation and cross-validation>> */
    if (o->augment.transforms) {
        printf("  augment   ");
        if (o->augment.transforms & NN_AUG_SHIFT)
            printf(" shift up to %u pixels", o->augment.shift);
        if (o->augment.transforms & NN_AUG_ROTATE)
            printf("%s rotate up to %g degrees",
                   o->augment.transforms & NN_AUG_SHIFT ? "," : "", o->augment.rotate);
        if (o->augment.transforms & NN_AUG_ELASTIC)
            printf("%s elastic alpha %g sigma %g", o->augment.transforms
                   & (NN_AUG_SHIFT | NN_AUG_ROTATE) ? "," : "", o->augment.alpha,
                   o->augment.sigma);
        printf("\n");
    }
    if (o->kfold)
        printf("  k-fold     %zu folds of the training set, each validated once; the "
               "test set is not used\n", o->kfold);
    /* <<print the settings of regularization>> */
    if (o->dropout > 0 || o->l1 > 0 || o->l2 > 0 || o->patience > 0) {
        printf("  regularize dropout %g, L1 %g, L2 %g", o->dropout, o->l1, o->l2);
        if (o->patience > 0)
            printf(", early stopping with patience %zu", o->patience);
        printf("\n");
    }
    fflush(stdout);
}
/* <<what the trainer's callbacks share>> */
typedef struct tr_run {
    xp_log      log;
    int         validating;     /* there is a validation set */
    nn_net     *net;
    const char *save;           /* NULL: no checkpoints */
    size_t      saved;          /* the epoch the file holds; 0: none */
    nn_error    err;            /* why a checkpoint failed */
    nn_checkpoint ck;           /* optimizer, schedule, state, settings */
} tr_run;
/* <<print an epoch's line>> */
static void tr_pair(FILE *f, const char *what, int measured, double loss,
                    double acc)
{
    if (measured)
        fprintf(f, "  %s loss %.4f acc %.4f", what, loss, acc);
    else
        fprintf(f, "  %s loss %6s acc %6s", what, "-", "-");
}
/* <<print an epoch's line>> */
static void tr_report_epoch(tr_run *run, const nn_epoch_stats *s)
{
    xp_log *l = &run->log;
    if (l->tty)
        fprintf(l->out, "\r\033[K");            /* erase the progress bar */
    l->drawn = -1;
    fprintf(l->out, "epoch %3zu", s->epoch);
    tr_pair(l->out, "train", s->epoch > 0, s->train_loss, s->train_acc);
    tr_pair(l->out, "val", run->validating, s->val_loss, s->val_acc);
    fprintf(l->out, "  %.1f s\n", s->seconds);
    fflush(l->out);
    if (l->dat) {
        double v[5] = { s->train_loss, s->train_acc, s->val_loss, s->val_acc,
                        s->seconds };
        fprintf(l->dat, "%zu", s->epoch);
        for (int k = 0; k < 5; k++)
            fprintf(l->dat, isnan(v[k]) ? " NaN" : " %.6g", v[k]);
        fprintf(l->dat, "\n");
    }
}
/* <<keep the last good model, and stop on a signal>> */
static void tr_on_progress(void *ctx, const nn_progress *p)
{
    xp_on_progress(&((tr_run *)ctx)->log, p);
}

static int tr_on_epoch(void *ctx, const nn_epoch_stats *s)
{
    tr_run *run = ctx;
    tr_report_epoch(run, s);
    if (s->epoch > 0)                       /* the rate of the next epoch */
        nn_optim_set_lr(run->ck.opt, nn_sched_step(&run->ck.sched, s->val_loss));
    if (!run->save || s->epoch == 0)
        return 0;
    if (nn_checkpoint_save(run->net, &run->ck, run->save, &run->err) != NN_OK)
        return 1;                           /* stop; tr_train reports it */
    run->saved = s->epoch;
    return 0;
}
/* <<keep the last good model, and stop on a signal>> */
static volatile sig_atomic_t tr_signal;     /* the signal that asks to stop */

static void tr_on_signal(int sig)
{
    tr_signal = sig;
}

static void tr_catch_signals(int catch)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = catch ? tr_on_signal : SIG_DFL;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}
/* <<report why training stopped>> */
static void tr_stopped(const tr_run *run, nn_status s, const char *msg)
{
    if (s == NN_ESTOPPED)
        fprintf(stderr, "nn-train: interrupted by %s: %s\n",
                tr_signal == SIGINT ? "SIGINT (Ctrl-C)" : "SIGTERM", msg);
    else
        fprintf(stderr, "nn-train: %s\n", msg);
    if (run->save && run->saved)
        fprintf(stderr, "nn-train: %s holds the model after epoch %zu, the last "
                "complete one\n", run->save, run->saved);
    else if (run->save)
        fprintf(stderr, "nn-train: %s was not written: no epoch was complete\n",
                run->save);
    exit(s == NN_ESTOPPED ? 128 + (int)tr_signal : 1);
}
/* <<train, and use the test set once>> */
static void tr_train(const train_options *o, tr_run *run, const nn_train_config *cfg,
                     const nn_dataset *fit, const nn_dataset *val)
{
    size_t np;
    nn_error err = { NN_OK, "" };
    nn_net_params(run->net, &np);
    nn_optim_config oc = o->optim;
    if (!run->ck.opt) {                     /* a new run; else a resumed one */
        if (nn_sched_init(&run->ck.sched, &o->sched) != NN_OK)
            tr_usage_error("the schedule's settings do not fit together");
        run->ck.has_sched = 1;
        oc.lr = run->ck.sched.lr;           /* a warm-up starts below the rate */
        if (nn_optim_create(&run->ck.opt, &oc, np) != NN_OK)
            tr_usage_error("the optimizer's settings do not fit together");
    }
    nn_rng rng;
    nn_rng_seed(&rng, o->seed, 3);
    tr_catch_signals(1);
    nn_status s = nn_train(run->net, run->ck.opt, cfg, fit, val->n ? val : NULL, &rng,
                           &err);
    tr_catch_signals(0);
    nn_checkpoint_free(&run->ck);
    if (s == NN_OK && run->err.status != NN_OK)
        s = NN_EIO, err = run->err;             /* a checkpoint could not be saved */
    if (s != NN_OK)
        tr_stopped(run, s, err.msg);
}
/* <<train, and use the test set once>> */
static void tr_train_and_test(const train_options *o, nn_net *net, nn_checkpoint *ck,
                              const nn_dataset *fit, const nn_dataset *val,
                              const nn_dataset *test)
{
    nn_train_config cfg = nn_train_defaults();
    FILE *dat = o->log ? fopen(o->log, "w") : NULL;
    tr_run run = { .net = net, .validating = val->n > 0, .save = o->save,
                   .err = { NN_OK, "" }, .ck = *ck };
    cfg.state = &run.ck.state;              /* kept current for the checkpoints */
    if (o->log && !dat)
        tr_fail("cannot write the --log file");
    xp_log_init(&run.log, stdout, dat);
    cfg.epochs = o->epochs, cfg.batch = o->batch, cfg.loss = o->loss;
    cfg.loss.target_off = o->target_off, cfg.loss.target_on = o->target_on;
    cfg.on_progress = tr_on_progress, cfg.on_epoch = tr_on_epoch, cfg.ctx = &run;
    cfg.stop = &tr_signal;
    cfg.clip_norm = o->clip_norm;
    /* <<give the training the trainer's augmentation>> */
    nn_augment aug = o->augment;
    aug.background = fit->x8 ? (double)fit->x8_value[0] : 0;
    cfg.augment = aug.transforms ? &aug : NULL;
    /* <<give the run the options of regularization>> */
    size_t best = 0;
    cfg.l1 = o->l1, cfg.l2 = o->l2, cfg.patience = o->patience;
    cfg.best_epoch = &best;
    if (o->epochs > 0)
        tr_train(o, &run, &cfg, fit, val);
    else
        nn_checkpoint_free(&run.ck);
    /* <<say which epoch early stopping kept, and save it>> */
    if (o->patience > 0 && best > 0) {
        nn_error e = { NN_OK, "" };
        printf("early stopping: kept epoch %zu, the best validation accuracy\n", best);
        if (o->save && nn_model_save(net, o->save, &e) != NN_OK)
            tr_fail(e.msg);
    }
    if (dat && fclose(dat) != 0)
        tr_fail("cannot write the --log file");
    /* <<evaluate the test set, save the model and write the predictions>> */
    nn_eval ev;
    nn_error err = { NN_OK, "" };
    int *pred = malloc(test->n * sizeof *pred);
    if (!pred || nn_evaluate(net, &cfg.loss, test, &ev, NULL, pred) != NN_OK)
        tr_fail("cannot evaluate the test set");
    printf("test: loss %.4f, accuracy %.2f%% (%zu of %zu)\n", ev.loss,
           100.0 * (double)ev.correct / (double)ev.n, ev.correct, ev.n);
    if (o->save && o->epochs == 0 && nn_model_save(net, o->save, &err) != NN_OK)
        tr_fail(err.msg);
    if (o->predictions) {
        FILE *f = fopen(o->predictions, "w");
        for (size_t i = 0; f && i < test->n; i++)
            fprintf(f, "%d\n", pred[i]);
        if (!f || ferror(f) | fclose(f))
            tr_fail("cannot write the --predictions file");
    }
    free(pred);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        printf("peak memory: %.1f MiB\n", (double)ru.ru_maxrss / 1024);
}
/* <<cross-validate the trainer's settings>> */
static double tr_fold(const train_options *o, nn_net *net, const nn_dataset *fit,
                      const nn_dataset *val)
{
    nn_train_config cfg = nn_train_defaults();
    tr_run run = { .net = net, .validating = 1, .err = { NN_OK, "" } };
    xp_log_init(&run.log, stdout, NULL);
    cfg.epochs = o->epochs, cfg.batch = o->batch, cfg.loss = o->loss;
    cfg.loss.target_off = o->target_off, cfg.loss.target_on = o->target_on;
    cfg.on_progress = tr_on_progress, cfg.on_epoch = tr_on_epoch, cfg.ctx = &run;
    cfg.stop = &tr_signal;
    cfg.clip_norm = o->clip_norm;
    /* <<give the training the trainer's augmentation>> */
    nn_augment aug = o->augment;
    aug.background = fit->x8 ? (double)fit->x8_value[0] : 0;
    cfg.augment = aug.transforms ? &aug : NULL;
    /* <<give the run the options of regularization>> */
    size_t best = 0;
    cfg.l1 = o->l1, cfg.l2 = o->l2, cfg.patience = o->patience;
    cfg.best_epoch = &best;
    tr_train(o, &run, &cfg, fit, val);
    nn_eval ev;
    if (nn_evaluate(net, &cfg.loss, val, &ev, NULL, NULL) != NN_OK)
        tr_fail("cannot evaluate a validation fold");
    return 100 * ev.accuracy;
}
/* <<cross-validate the trainer's settings>> */
static void tr_kfold(const train_options *o, const char *dir, nn_dataset *all,
                     const nn_dataset *test)
{
    nn_dataset shuffled, none;
    nn_rng rng;
    double acc[100];
    nn_rng_seed(&rng, o->seed, 1);
    if (nn_dataset_split(all, 0, &rng, &shuffled, &none) != NN_OK)
        tr_fail("cannot shuffle the training set");
    for (size_t k = 0; k < o->kfold; k++) {
        nn_dataset fit, val;
        if (nn_dataset_fold(all, o->kfold, k, &fit, &val) != NN_OK)
            tr_usage_error("--kfold: more folds than training images, or out of "
                           "memory");
        nn_net *net = tr_network(o, test, o->batch > 256 ? o->batch : 256);
        if (k == 0)
            tr_settings(o, dir, net, &fit, &val, test);
        printf("fold %zu of %zu\n", k + 1, o->kfold);
        acc[k] = tr_fold(o, net, &fit, &val);
        printf("fold %zu: validation accuracy %.2f%%\n", k + 1, acc[k]);
        nn_net_free(net), nn_dataset_free(&fit);
    }
    double mean, spread;
    nn_mean_spread(o->kfold, acc, &mean, &spread);
    printf("k-fold: validation accuracy %.2f%% +- %.2f (mean and sample standard "
           "deviation of %zu folds)\n", mean, spread, o->kfold);
}

int main(int argc, char **argv)
{
    train_options o;
    char msg[512];
    int r = train_parse(argc, argv, &o, msg, sizeof msg);
    if (r == TRAIN_HELP)
        return train_usage(stdout), 0;
    if (r != TRAIN_GO)
        tr_usage_error(msg);
    /* <<run the trainer>> */
    nn_dataset all = { 0 }, fit = { 0 }, val = { 0 }, test;
    nn_checkpoint ck = { 0 };
    nn_net *resumed = o.resume ? tr_resume(&o, argc, argv, &ck) : NULL;
    const char *dir = tr_load_data(&o, &all, &test);
    if (train_check_data(&o, test.n_features, test.n_classes, all.n, msg, sizeof msg))
        tr_usage_error(msg);
    /* <<cross-validate instead, if asked>> */
    if (o.augment.transforms && nn_augment_check(&o.augment, test.rows, test.cols)) {
        snprintf(msg, sizeof msg, "--augment: %s (the images are %zu x %zu)",
                 nn_augment_check(&o.augment, test.rows, test.cols), test.rows,
                 test.cols);
        tr_usage_error(msg);
    }
    if (o.kfold) {
        tr_kfold(&o, dir, &all, &test);
        nn_dataset_free(&all), nn_dataset_free(&test);
        return 0;
    }
    if (o.epochs > 0)
        tr_split(&o, &all, &fit, &val);
    nn_net *net = resumed ? tr_check_network(resumed, o.resume, &test)
                          : tr_network(&o, &test, o.batch > 256 ? o.batch : 256);
    if (!resumed)
        ck.settings = train_settings_text(argc, argv);
    tr_settings(&o, dir, net, &fit, &val, &test);
    tr_train_and_test(&o, net, &ck, &fit, &val, &test);
    nn_net_free(net);
    nn_dataset_free(&all), nn_dataset_free(&test);
    return 0;
}

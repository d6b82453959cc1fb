/* Tangled from book/200-learning.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "nn.h"

/* <<read the clock>> */
double nn_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* <<find the largest entry of a row>> */
size_t nn_argmax(size_t n, const nn_real *v)
{
    size_t best = 0;
    for (size_t j = 1; j < n; j++)
        if (v[j] > v[best])
            best = j;
    return best;
}

/* <<evaluate a network on a dataset, batch by batch>> */
static nn_status evaluate(nn_net *net, const nn_loss *L, const nn_dataset *d,
                          nn_real *X, nn_real *T, nn_eval *ev, size_t *confusion,
                          int *predicted)
{
    size_t C = nn_net_n_out(net), mb = nn_net_max_batch(net), correct = 0;
    int onehot = !nn_loss_uses_labels(L->kind);
    double sum = 0;
    if (confusion)
        memset(confusion, 0, C * C * sizeof *confusion);
    for (size_t i = 0; i < d->n; i += mb) {
        size_t B = d->n - i < mb ? d->n - i : mb;
        const int *lab = d->labels + i;
        const nn_real *Y, *in = nn_dataset_rows(d, i, B, X);
        nn_status s = nn_net_forward(net, B, in, 0, NULL, &Y);
        if (s != NN_OK)
            return s;
        if (onehot)
            nn_onehot(B, C, lab, (nn_real)L->target_off, (nn_real)L->target_on,
                      T);
        sum += nn_loss_eval(L, B, C, Y, T, lab, NULL) * (double)B;
        /* <<count the correct predictions of the batch>> */
        for (size_t r = 0; r < B; r++) {
            size_t p = nn_argmax(C, Y + r * C);
            correct += p == (size_t)lab[r];
            if (confusion)
                confusion[(size_t)lab[r] * C + p]++;
            if (predicted)
                predicted[i + r] = (int)p;
        }
    }
    double n = (double)d->n;
    *ev = (nn_eval){ d->n, correct, sum / n, (double)correct / n };
    return NN_OK;
}
/* <<evaluate a network on a dataset, batch by batch>> */
nn_status nn_evaluate(nn_net *net, const nn_loss *L, const nn_dataset *d,
                      nn_eval *out, size_t *confusion, int *predicted)
{
    size_t C = nn_net_n_out(net), mb = nn_net_max_batch(net);
    if (d->n == 0 || d->n_features != nn_net_n_in(net) || d->n_classes != C)
        return NN_EINVAL;
    nn_real *T = NULL, *X = NULL;
    if ((!nn_loss_uses_labels(L->kind) && !(T = malloc(mb * C * sizeof *T)))
        || !(X = malloc(mb * d->n_features * sizeof *X))) {
        free(T);
        return NN_ENOMEM;
    }
    nn_status s = evaluate(net, L, d, X, T, out, confusion, predicted);
    free(T), free(X);
    return s;
}

/* <<check that the network, the optimizer and the data fit together>> */
static nn_status check_data(const nn_net *net, const nn_dataset *d, const char *name,
                            nn_error *err)
{
    if (d->n == 0)
        return nn_error_set(err, NN_EINVAL, "nn_train: the %s set is empty", name);
    if (d->n_features != nn_net_n_in(net))
        return nn_error_set(err, NN_EINVAL, "nn_train: the network takes %zu inputs"
                            " but the %s set has %zu features", nn_net_n_in(net), name,
                            d->n_features);
    if (d->n_classes != nn_net_n_out(net))
        return nn_error_set(err, NN_EINVAL, "nn_train: the network has %zu outputs"
                            " but the %s set has %zu classes", nn_net_n_out(net), name,
                            d->n_classes);
    /* <<check that every feature is a number and every label a class>> */
    /* <<check the numbers that bytes stand for>> */
    for (int v = 0; d->x8 && v < 256; v++)
        if (!isfinite(d->x8_value[v]))
            return nn_error_set(err, NN_EINVAL, "nn_train: byte value %d of the %s set"
                                " stands for %g; the inputs must be finite", v, name,
                                (double)d->x8_value[v]);
    for (size_t i = 0; i < d->n; i++) {
        const nn_real *x = d->x ? d->x + i * d->n_features : NULL;   /* NULL: bytes */
        for (size_t k = 0; x && k < d->n_features; k++)
            if (!isfinite(x[k]))
                return nn_error_set(err, NN_EINVAL, "nn_train: feature %zu of example %zu"
                                    " of the %s set is %g; the inputs must be finite",
                                    k, i, name, (double)x[k]);
        if (d->labels[i] < 0 || (size_t)d->labels[i] >= d->n_classes)
            return nn_error_set(err, NN_EINVAL, "nn_train: example %zu of the %s set has"
                                " label %d, outside 0 to %zu", i, name, d->labels[i],
                                d->n_classes - 1);
    }
    return NN_OK;
}
/* <<check that the network, the optimizer and the data fit together>> */
static nn_status check_fit(nn_net *net, const nn_optim *opt, const nn_train_config *cfg,
                           const nn_dataset *train, const nn_dataset *val,
                           nn_error *err)
{
    size_t np;
    nn_net_params(net, &np);
    if (nn_net_max_batch(net) == 0)
        return nn_error_set(err, NN_EINVAL, "nn_train: the network is not built");
    if (cfg->batch == 0 || cfg->batch > nn_net_max_batch(net))
        return nn_error_set(err, NN_EINVAL, "nn_train: batches of %zu examples, but the"
                            " network was built for at most %zu", cfg->batch,
                            nn_net_max_batch(net));
    if (nn_optim_size(opt) != np)
        return nn_error_set(err, NN_EINVAL, "nn_train: the optimizer was made for %zu"
                            " parameters, the network has %zu", nn_optim_size(opt), np);
    /* <<check the regularization's settings>> */
    if (!(cfg->l1 >= 0 && cfg->l2 >= 0 && isfinite(cfg->l1) && isfinite(cfg->l2)))
        return nn_error_set(err, NN_EINVAL, "nn_train: the penalties l1 %g and l2 %g must"
                            " be finite numbers of at least 0", cfg->l1, cfg->l2);
    if (cfg->patience > 0 && !val)
        return nn_error_set(err, NN_EINVAL, "nn_train: early stopping (patience %zu)"
                            " needs a validation set", cfg->patience);
    nn_status s = check_data(net, train, "training", err);
    return s == NN_OK && val ? check_data(net, val, "validation", err) : s;
}

/* <<the training loop's buffers>> */
typedef struct buffers {
    size_t  *order;             /* n_train indices */
    nn_real *X, *T;             /* max_batch x n_in inputs; max_batch x C targets */
    int     *labels;            /* batch */
    /* <<the training loop's augmentation buffers>> */
    nn_real *aug_work;          /* the augmentation's work space, or NULL */
    nn_rng   aug_rng;           /* its generator (section on augmentation) */
    /* <<the regularization's buffers>> */
    unsigned char *mask;            /* the weights the penalties see; NULL: none */
    nn_real *best;                  /* early stopping: the best epoch's numbers */
} buffers;

static nn_status buffers_alloc(buffers *w, const nn_net *net,
                               const nn_train_config *cfg, size_t n)
{
    size_t C = nn_net_n_out(net), mb = nn_net_max_batch(net);
    w->order = malloc(n * sizeof *w->order);
    w->X = malloc(mb * nn_net_n_in(net) * sizeof *w->X);
    w->T = malloc(mb * C * sizeof *w->T);
    w->labels = malloc(cfg->batch * sizeof *w->labels);
    if (!w->order || !w->X || !w->T || !w->labels)
        return NN_ENOMEM;
    /* <<allocate the augmentation's work space>> */
    if (cfg->augment && cfg->augment->transforms) {
        w->aug_work = malloc(nn_augment_work(cfg->augment, nn_net_n_in(net))
                             * sizeof *w->aug_work);
        if (!w->aug_work)
            return NN_ENOMEM;
    }
    /* <<allocate the regularization's buffers>> */
    if (cfg->l1 > 0 || cfg->l2 > 0) {
        if (!(w->mask = malloc(nn_net_n_params(net))))
            return NN_ENOMEM;
        nn_net_decay_mask(net, w->mask);
    }
    if (cfg->patience > 0) {
        size_t np, ns;
        nn_net_params((nn_net *)net, &np), nn_net_state((nn_net *)net, &ns);
        if (!(w->best = malloc((np + ns + 1) * sizeof *w->best)))
            return NN_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        w->order[i] = i;
    return NN_OK;
}

static void buffers_free(buffers *w)
{
    free(w->order), free(w->X), free(w->T), free(w->labels);
    /* <<free the augmentation's work space>> */
    free(w->aug_work);
    /* <<free the regularization's buffers>> */
    free(w->mask), free(w->best);
}

/* <<copy a network's parameters and state to a buffer, or back>> */
static void copy_numbers(nn_net *net, nn_real *buf, int back)
{
    size_t np, ns;
    nn_real *p = nn_net_params(net, &np), *st = nn_net_state(net, &ns);
    for (size_t i = 0; i < np; i++)
        back ? (p[i] = buf[i]) : (buf[i] = p[i]);
    for (size_t i = 0; i < ns; i++)
        back ? (st[i] = buf[np + i]) : (buf[np + i] = st[i]);
}

/* <<derive the layers' generator from the data-order generator>> */
static nn_rng *layer_stream(const nn_rng *order, nn_rng *out)
{
    if (!order)
        return NULL;
    uint64_t stream = (order->inc >> 1) ^ 0x6c61796572ULL;   /* "layer" */
    nn_rng_seed(out, order->state, stream);
    return out;
}

/* <<derive the augmentation's generator from the data-order generator>> */
static nn_rng *augment_stream(const nn_rng *order, nn_rng *out)
{
    if (!order)
        return NULL;
    uint64_t stream = (order->inc >> 1) ^ 0x6175676d656eULL;   /* "augmen" */
    nn_rng_seed(out, order->state, stream);
    return out;
}

/* <<keep the state of a run, and take it back>> */
static nn_status state_fit(nn_train_state *ts, size_t n, size_t nb)
{
    if (ts->n != n || !ts->order) {
        free(ts->order);
        ts->n = n;
        if (!(ts->order = malloc(n * sizeof *ts->order)))
            return ts->n = 0, NN_ENOMEM;
    }
    if (ts->n_best != nb) {
        free(ts->best), ts->best = NULL, ts->n_best = nb;
        if (nb && !(ts->best = malloc(nb * sizeof *ts->best)))
            return ts->n_best = 0, NN_ENOMEM;
    }
    return NN_OK;
}

void nn_train_state_free(nn_train_state *s)
{
    if (s) {
        free(s->order), free(s->best);
        memset(s, 0, sizeof *s);
    }
}
/* <<keep the state of a run, and take it back>> */
static nn_status state_check(const nn_train_state *ts, size_t n, size_t nb,
                             nn_error *err)
{
    if (ts->n != n || !ts->order)
        return nn_error_set(err, NN_EINVAL, "nn_train: the state to resume has an "
                            "order of %zu examples, the training set %zu", ts->n, n);
    for (size_t i = 0; i < n; i++)
        if (ts->order[i] >= n)
            return nn_error_set(err, NN_EINVAL, "nn_train: the state to resume has"
                                " example %zu in its order, of %zu", ts->order[i], n);
    if (ts->n_best != nb || (nb && !ts->best))
        return nn_error_set(err, NN_EINVAL, "nn_train: the state to resume %s early"
                            " stopping's best network, but the patience is %s",
                            ts->n_best ? "has" : "has no", nb ? "above 0" : "0");
    return NN_OK;
}

/* <<train one epoch>> */
static nn_status train_epoch(nn_net *net, nn_optim *opt, const nn_train_config *cfg,
                             const nn_dataset *d, nn_rng *rng, nn_rng *layers,
                             size_t epoch, buffers *w, nn_epoch_stats *st,
                             nn_error *err)
{
    size_t C = nn_net_n_out(net), np, correct = 0;
    nn_real *params = nn_net_params(net, &np), *grads = nn_net_grads(net, &np);
    double t0 = nn_seconds(), sum = 0;
    if (cfg->shuffle && nn_shuffle(d->n, w->order, rng) != NN_OK)
        return nn_error_set(err, NN_EINVAL, "nn_train: too many examples to shuffle");
    for (size_t i = 0, step = 1; i < d->n; i += cfg->batch, step++) {
        size_t B = d->n - i < cfg->batch ? d->n - i : cfg->batch;
        /* <<stop if the caller asks>> */
        if (cfg->stop && *cfg->stop)
            return nn_error_set(err, NN_ESTOPPED, "training stopped on request at epoch %zu,"
                                " before step %zu", epoch, step);
        /* <<take one step on the batch that starts at i>> */
        const nn_real *Y;
        double loss;
        nn_real *X = nn_net_input(net);             /* the forward pass reads it in place */
        nn_dataset_gather(d, B, w->order + i, X, w->labels);
        /* <<ask for the next batch's rows while this one trains>> */
        if (i + B < d->n) {
            size_t next = d->n - (i + B) < B ? d->n - (i + B) : B;     /* its size */
            nn_dataset_prefetch(d, next, w->order + i + B);
        }
        /* <<augment the batch, if asked>> */
        if (w->aug_work)
            nn_augment_batch(cfg->augment, B, d->rows, d->cols, X, w->aug_work,
                             &w->aug_rng);
        if (!nn_loss_uses_labels(cfg->loss.kind))
            nn_onehot(B, C, w->labels, (nn_real)cfg->loss.target_off,
                      (nn_real)cfg->loss.target_on, w->T);
        int fused = /* <<the step may be taken inside the backward pass>> */
                    !w->mask && !(cfg->clip_norm > 0);
        if (!fused)
            nn_net_zero_grad(net);                  /* the backward pass adds to them */
        nn_status s = nn_net_forward(net, B, X, 1, layers, &Y);
        if (s != NN_OK)
            return nn_error_set(err, s, "nn_train: forward pass failed (%s)", nn_strerror(s));
        for (size_t r = 0; r < B; r++)
            correct += nn_argmax(C, Y + r * C) == (size_t)w->labels[r];
        s = fused ? nn_net_loss(net, &cfg->loss, w->T, w->labels, &loss)   /* backward later */
                  : nn_net_loss_backward(net, &cfg->loss, w->T, w->labels, &loss);
        if (s != NN_OK)
            return nn_error_set(err, s, "nn_train: backward pass failed (%s)", nn_strerror(s));
        /* <<add the penalties to the loss and the gradient>> */
        if (w->mask)
            loss += nn_penalty(np, params, grads, w->mask, cfg->l1, cfg->l2);
        /* <<stop if the loss is not a finite number>> */
        if (!isfinite(loss))
            return nn_error_set(err, NN_EDIVERGED, "training diverged: the loss became %s at"
                                " epoch %zu, step %zu (learning rate %g); lower the learning"
                                " rate, or check that the inputs are scaled",
                                isnan(loss) ? "NaN" : "infinite", epoch, step,
                                nn_optim_lr(opt));
        if (fused && (s = nn_net_backward_step(net, opt)) != NN_OK)
            return nn_error_set(err, s, "nn_train: backward pass failed (%s)", nn_strerror(s));
        if (!fused && cfg->clip_norm > 0)           /* section on gradient clipping */
            nn_clip_grad_norm(np, grads, cfg->clip_norm);
        if (!fused)
            nn_optim_step(opt, params, grads);
        /* <<report the progress of the epoch>> */
        sum += loss * (double)B;
        if (cfg->on_progress) {
            nn_progress p = { epoch, cfg->epochs, i + B, d->n, sum / (double)(i + B),
                              nn_seconds() - t0 };
            cfg->on_progress(cfg->ctx, &p);
        }
    }
    st->train_loss = sum / (double)d->n;
    st->train_acc = (double)correct / (double)d->n;
    st->seconds = nn_seconds() - t0;
    return NN_OK;
}

/* <<train for the configured number of epochs>> */
nn_status nn_train(nn_net *net, nn_optim *opt, const nn_train_config *cfg,
                   const nn_dataset *train, const nn_dataset *val, nn_rng *rng,
                   nn_error *err)
{
    buffers w = { 0 };
    nn_rng layer_rng = { 0, 0 }, *layers = layer_stream(rng, &layer_rng);
    /* <<the state of early stopping>> */
    size_t best = 0, since_best = 0;    /* the best epoch, and epochs after it */
    double best_acc = -1;
    int stop_early = 0;
    nn_status s = check_fit(net, opt, cfg, train, val, err);
    /* <<refuse an augmentation that does not fit>> */
    if (s == NN_OK && cfg->augment && cfg->augment->transforms) {
        const char *why = nn_augment_check(cfg->augment, train->rows, train->cols);
        if (why || train->rows * train->cols != nn_net_n_in(net) || !rng)
            s = nn_error_set(err, NN_EINVAL, "nn_train: cannot augment the training"
                             " images: %s", why ? why : !rng ? "no generator"
                             : "they are not rows x cols images of the inputs");
    }
    if (s == NN_OK && (s = buffers_alloc(&w, net, cfg, train->n)) != NN_OK)
        nn_error_set(err, s, "nn_train: out of memory");
    /* <<derive the augmentation's generator, if there is work for it>> */
    if (s == NN_OK && w.aug_work)
        augment_stream(rng, &w.aug_rng);
    if (s == NN_OK && (s = nn_optim_decay_from_net(opt, net)) != NN_OK)
        nn_error_set(err, s, "nn_train: out of memory for the decay mask");
    size_t first = 0;                       /* 0: evaluate the untrained network */
    /* <<resume from the run's state, if it has epochs done>> */
    nn_train_state *ts = cfg->state;
    size_t nb = 0, n_p, n_s;                 /* the numbers early stopping keeps */
    if (w.best)
        nn_net_params(net, &n_p), nn_net_state(net, &n_s), nb = n_p + n_s;
    if (s == NN_OK && ts && ts->epochs_done > 0)
        s = state_check(ts, train->n, nb, err);
    else if (s == NN_OK && ts && (s = state_fit(ts, train->n, nb)) != NN_OK)
        nn_error_set(err, s, "nn_train: out of memory for the state of the run");
    if (s == NN_OK && ts && ts->epochs_done > 0) {
        memcpy(w.order, ts->order, train->n * sizeof *w.order);
        if (rng)
            *rng = ts->rng;
        layer_rng = ts->layers, w.aug_rng = ts->augment;
        best = ts->best_epoch, since_best = ts->since_best, best_acc = ts->best_acc;
        if (nb)
            memcpy(w.best, ts->best, nb * sizeof *w.best);
        first = ts->epochs_done + 1;
        if (cfg->patience > 0 && since_best >= cfg->patience)
            first = cfg->epochs + 1;            /* early stopping had ended the run */
    }
    for (size_t e = first; s == NN_OK && e <= cfg->epochs; e++) {
        nn_epoch_stats st = { e, NAN, NAN, NAN, NAN, 0 };
        if (e > 0)
            s = train_epoch(net, opt, cfg, train, rng, layers, e, &w, &st, err);
        /* <<evaluate the epoch on the validation set>> */
        nn_eval ev;
        if (s == NN_OK && val
            && (s = evaluate(net, &cfg->loss, val, w.X, w.T, &ev, NULL, NULL)) == NN_OK) {
            st.val_loss = ev.loss;
            st.val_acc = ev.accuracy;
            if (!isfinite(ev.loss))
                s = nn_error_set(err, NN_EDIVERGED, "training diverged: the validation loss is"
                                 " %s after epoch %zu; lower the learning rate", isnan(ev.loss)
                                 ? "NaN" : "infinite", e);
        }
        /* <<keep the best epoch, or stop when it is too long ago>> */
        if (s == NN_OK && cfg->patience > 0 && e > 0) {
            if (st.val_acc > best_acc) {
                best = e, best_acc = st.val_acc, since_best = 0;
                copy_numbers(net, w.best, 0);
            } else if (++since_best >= cfg->patience)
                stop_early = 1;
        }
        /* <<bring the run's state up to date>> */
        if (s == NN_OK && ts && e > 0) {
            ts->epochs_done = e;
            memcpy(ts->order, w.order, train->n * sizeof *ts->order);
            ts->rng = rng ? *rng : (nn_rng){ 0, 0 };
            ts->layers = layer_rng, ts->augment = w.aug_rng;
            ts->best_epoch = best, ts->since_best = since_best, ts->best_acc = best_acc;
            if (nb)
                memcpy(ts->best, w.best, nb * sizeof *ts->best);
        }
        if (s == NN_OK && cfg->on_epoch && cfg->on_epoch(cfg->ctx, &st))
            break;
        if (stop_early)
            break;
    }
    /* <<restore the best epoch>> */
    if (s == NN_OK && best > 0)
        copy_numbers(net, w.best, 1);
    if (cfg->best_epoch)
        *cfg->best_epoch = best;
    buffers_free(&w);
    return s;
}
/* <<train for the configured number of epochs>> */
nn_train_config nn_train_defaults(void)
{
    return (nn_train_config){ .epochs = 10, .batch = 64,
                              .loss = nn_loss_default(NN_LOSS_SOFTMAX_CE),
                              .shuffle = 1 };
}

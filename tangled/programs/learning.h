/* Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file. */
/* Helpers for the programs that learn from MNIST (chapter 6; not part of libnn). */
#ifndef LEARNING_H
#define LEARNING_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "nn.h"

/* <<load an MNIST set or stop with the loader's message>> */
static inline void xp_load_mnist(const char *prefix, nn_dataset *d)
{
    const char *dir = getenv("MNIST_DIR");
    nn_error err = { NN_OK, "" };
    if (nn_mnist_load(dir && *dir ? dir : "data/mnist", prefix, d, &err) != NN_OK) {
        fprintf(stderr, "error: %s\n", err.msg);
        exit(1);
    }
}

/* <<report training: a progress bar on a terminal, a line per epoch otherwise>> */
typedef struct xp_log {
    FILE  *out;                 /* the terminal or the log */
    FILE  *dat;                 /* if not NULL: one row per epoch, for figures */
    int    tty;                 /* out is a terminal: draw a progress bar */
    double drawn;               /* when the bar was last drawn, in the epoch */
} xp_log;

static inline void xp_log_init(xp_log *l, FILE *out, FILE *dat)
{
    *l = (xp_log){ out, dat, isatty(fileno(out)), -1 };
    if (dat)
        fprintf(dat, "# epoch train_loss train_acc val_loss val_acc seconds\n");
}
/* <<report training: a progress bar on a terminal, a line per epoch otherwise>> */
static inline void xp_on_progress(void *ctx, const nn_progress *p)
{
    xp_log *l = ctx;
    if (!l->tty || (p->seconds - l->drawn < 0.1 && p->done < p->total))
        return;
    l->drawn = p->seconds;
    double rate = p->seconds > 0 ? (double)p->done / p->seconds : 0;
    int left = rate > 0 ? (int)((double)(p->total - p->done) / rate) : 0;
    int full = (int)(30.0 * (double)p->done / (double)p->total);
    fprintf(l->out, "\r\033[Kepoch %zu/%zu [%.*s%*s] %.0f examples/s  loss %.4f"
            "  %d:%02d left", p->epoch, p->epochs, full,
            "==============================", 30 - full, "", rate, p->loss,
            left / 60, left % 60);
    fflush(l->out);
}
/* <<report training: a progress bar on a terminal, a line per epoch otherwise>> */
static inline int xp_on_epoch(void *ctx, const nn_epoch_stats *s)
{
    xp_log *l = ctx;
    if (l->tty)
        fprintf(l->out, "\r\033[K");
    l->drawn = -1;
    fprintf(l->out, "epoch %3zu  train loss %.4f acc %.4f  val loss %.4f acc %.4f"
            "  %.1f s\n", s->epoch, s->train_loss, s->train_acc, s->val_loss,
            s->val_acc, s->seconds);
    fflush(l->out);
    if (l->dat) {
        double v[5] = { s->train_loss, s->train_acc, s->val_loss, s->val_acc,
                        s->seconds };
        fprintf(l->dat, "%zu", s->epoch);
        for (int k = 0; k < 5; k++)
            fprintf(l->dat, isnan(v[k]) ? " NaN" : " %.6g", v[k]);
        fprintf(l->dat, "\n");
    }
    return 0;
}

/* <<count how often each unit is active>> */
static inline int xp_unit_activity(nn_net *net, size_t act, const nn_dataset *d,
                                   size_t n, double *frac)
{
    size_t width = nn_net_layer(net, act - 1)->n_out, mb = nn_net_max_batch(net);
    int dead = 0;
    if (n == 0 || n > d->n)
        return -1;
    for (size_t j = 0; j < width; j++)
        frac[j] = 0;
    for (size_t i = 0; i < n; i += mb) {
        size_t B = n - i < mb ? n - i : mb;
        if (nn_net_forward(net, B, d->x + i * d->n_features, 0, NULL, NULL) != NN_OK)
            return -1;
        const nn_real *h = nn_net_activation(net, act);
        for (size_t k = 0; k < B * width; k++)
            frac[k % width] += h[k] > 0;
    }
    for (size_t j = 0; j < width; j++) {
        frac[j] /= (double)n;
        dead += frac[j] == 0;
    }
    return dead;
}
#endif

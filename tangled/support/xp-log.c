/* Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include "nn.h"
#include "xp-log.h"

/* <<report training: a progress bar on a terminal, a line per epoch otherwise>> */
void xp_log_init(xp_log *l, FILE *out, FILE *dat)
{
    *l = (xp_log){ out, dat, isatty(fileno(out)), -1 };
    if (dat)
        fprintf(dat, "# epoch train_loss train_acc val_loss val_acc seconds\n");
}
/* <<report training: a progress bar on a terminal, a line per epoch otherwise>> */
void xp_on_progress(void *ctx, const nn_progress *p)
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
int xp_on_epoch(void *ctx, const nn_epoch_stats *s)
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

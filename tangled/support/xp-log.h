/* Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file. */
/* Reporting training, for the programs and nn-train (not part of libnn). */
#ifndef XP_LOG_H
#define XP_LOG_H
#include <stdio.h>
#include "nn.h"

/* <<the training log's record>> */
typedef struct xp_log {
    FILE  *out;                 /* the terminal or the log */
    FILE  *dat;                 /* if not NULL: one row per epoch, for figures */
    int    tty;                 /* out is a terminal: draw a progress bar */
    double drawn;               /* when the bar was last drawn, in the epoch */
} xp_log;
void xp_log_init(xp_log *l, FILE *out, FILE *dat);
void xp_on_progress(void *ctx, const nn_progress *p);
int  xp_on_epoch(void *ctx, const nn_epoch_stats *s);
#endif

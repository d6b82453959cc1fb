/* Tangled from book/a2-300-trainer.nw by 'make tangle'. Edit the book, not this file. */
/* The options of nn-train: what train-options.c offers the trainer and its
   tests.  Not part of libnn. */
#ifndef TRAIN_OPTIONS_H
#define TRAIN_OPTIONS_H
#include <stdio.h>
#include "nn.h"

/* <<the options of the trainer>> */
enum { TRAIN_MAX_WIDTHS = 16, TRAIN_MAX_WIDTH = 1 << 24 };
enum { TRAIN_MAX_VALIDATION = 10000 };  /* the default's cap */
enum { TRAIN_GO = 0, TRAIN_HELP = 1, TRAIN_USAGE = 2 };  /* what the parser says */

typedef struct train_options {
    const char *data, *load, *save, *predictions, *log;  /* NULL: not given */
    const char *resume;             /* NULL, or the checkpoint to go on from */
    size_t resumed_at;              /* the epochs it holds (the trainer's) */
    size_t widths[TRAIN_MAX_WIDTHS], n_widths;
    char   shape;                   /* 'h': hidden widths, 'l': all (--layers) */
    int    shape_given, act_given, init_given, plain_gd;
    /* <<the trainer's record of --arch>> */
    nn_norm norm[TRAIN_MAX_WIDTHS];     /* --arch: after width k (ch:batchnorm) */
    int    arch_given;
    /* <<the trainer's option for residual blocks>> */
    size_t residual_blocks;         /* --residual-blocks: 0 for none */
    int    lr_given, momentum_given, validation_given;
    nn_act act;
    nn_init init;                   /* when init_given; else the activation's */
    nn_loss loss;
    double target_off, target_on;
    nn_optim_config optim;
    int    eps_given, betas_given, wd_given;
    double clip_norm;               /* 0: no clipping */
    nn_sched_kind sched_kind;
    nn_sched_config sched_given;    /* what was typed; -1 or NaN: not given */
    nn_sched_config sched;          /* the schedule, after the parse */
    size_t batch, epochs, validation;
    unsigned long long seed;
    /* <<the trainer's options of augmentation and cross-validation>> */
    nn_augment augment;             /* transforms 0: --augment not given */
    int    aug_sizes_given;         /* NN_AUG_* bits of the sizes given */
    size_t kfold;                   /* 0: no cross-validation */
    /* <<the trainer's options of regularization>> */
    double dropout, l1, l2;         /* 0: none */
    size_t patience;                /* --early-stopping; 0: none */
} train_options;
/* <<the trainer's option record>> */
typedef struct train_option {
    const char *topic, *name, *value, *help;    /* value NULL: a flag */
} train_option;

extern const train_option train_table[];
extern const int train_n_options;           /* the rows of train_table */

int    train_parse(int argc, char **argv, train_options *o, char *msg, size_t n);
char  *train_settings_text(int argc, char **argv);      /* malloc'ed */
int    train_resume(int argc, char **argv, char *stored, train_options *o,
                    char **text, char *msg, size_t n);
void   train_usage(FILE *f);
size_t train_validation(const train_options *o, size_t n_train);
int    train_check_data(const train_options *o, size_t n_features,
                        size_t n_classes, size_t n_train, char *msg, size_t n);
size_t train_sizes(const train_options *o, size_t n_features, size_t n_classes,
                   size_t *sizes);
#endif

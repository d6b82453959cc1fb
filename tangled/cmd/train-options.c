/* Tangled from book/a2-300-trainer.nw by 'make tangle'. Edit the book, not this file. */
/* The options of nn-train (chapter "Model files and the trainer"), parsed
   apart from the trainer so that the tests can check the parser.  Not part
   of libnn. */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"
#include "train-options.h"

/* <<the defaults of the trainer>> */
static void train_defaults(train_options *o)
{
    memset(o, 0, sizeof *o);
    o->widths[0] = 100, o->n_widths = 1, o->shape = 'h';
    o->act = nn_act_default(NN_ACT_RELU);
    o->loss = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    o->target_off = 0, o->target_on = 1;
    o->optim = nn_optim_suggested(NN_OPTIM_SGD);
    o->batch = 64, o->epochs = 10;
    o->seed = 20261122;
    o->sched_kind = NN_SCHED_CONSTANT;
    o->sched_given = (nn_sched_config){ .step_size = -1, .t_max = -1, .warmup = -1,
        .patience = -1, .gamma = NAN, .start_factor = NAN, .min_lr = NAN,
        .factor = NAN, .threshold = NAN };
    /* <<the defaults of augmentation and cross-validation>> */
    o->augment = nn_augment_defaults();
}
/* <<the table of the trainer's options>> */
const train_option train_table[] = {
    /* <<the options about data>> */
    { "data", "data", "DIR", "the four IDX files, raw or gzipped "
                             "($MNIST_DIR, else data/mnist)" },
    { "data", "validation", "N", "training images held out to validate "
                                 "(1/6, at most 10000); 0: none" },
    { "data", "seed", "N", "of the split, the initial weights and the order "
                           "(20261122)" },
    /* <<the options about the network>> */
    { "network", "layers", "N,N,...", "all widths, input first, classes last: "
                                      "784,100,10" },
    { "network", "hidden", "N,...", "the hidden widths only (100); none: a linear "
                                    "classifier" },
    /* <<the trainer's option --arch>> */
    { "network", "arch", "SPEC", "all widths joined by -, hidden ones may end in "
                                "bn or ln: 784-256bn-256bn-10" },
    { "network", "activation", "NAME", "of the hidden layers (relu)" },
    { "network", "init", "NAME", "of the weights, one of those below (the one "
                                 "that suits the activation)" },
    /* <<the row of the trainer's option for residual blocks>> */
    { "network", "residual-blocks", "N", "N residual blocks after the first hidden "
                                         "layer (0)" },
    { "network", "load", "FILE", "start from this model; it gives the architecture" },
    /* <<the options about optimization>> */
    { "optimization", "loss", "NAME", "one of the losses below "
                                      "(softmax_cross_entropy)" },
    { "optimization", "targets", "OFF,ON", "one-hot targets of the other losses (0,1)" },
    { "optimization", "optimizer", "NAME", "one of the optimizers below (sgd)" },
    { "optimization", "lr", "X", "learning rate, 0 < X <= 10 (the optimizer's, "
                                "below)" },
    { "optimization", "momentum", "X", "0 <= X < 1 (the optimizer's, below)" },
    { "optimization", "nesterov", NULL, "Nesterov momentum (sgd only)" },
    { "optimization", "weight-decay", "X", "X >= 0 (the optimizer's: adamw 0.01, "
                                           "else 0)" },
    { "optimization", "decay-biases", NULL, "decay the biases too (PyTorch's default)" },
    { "optimization", "eps", "X", "0 < X < 1, added to the root by the adaptive "
                                 "optimizers" },
    { "optimization", "beta1", "X", "0 <= X < 1, adam and adamw: decay of the mean "
                                   "(0.9)" },
    { "optimization", "beta2", "X", "0 <= X < 1, adam and adamw: decay of the square "
                                   "(0.999)" },
    { "optimization", "clip-norm", "X", "clip the gradient's global norm at X > 0 "
                                        "(none)" },
    { "optimization", "batch", "N", "examples per step (64)" },
    { "optimization", "epochs", "N", "passes over the training set (10); 0: only "
                                     "evaluate" },
    /* <<the options about the schedule>> */
    { "schedule", "schedule", "NAME", "one of the schedules below (constant)" },
    { "schedule", "step-size", "N", "step: epochs between two decays (10)" },
    { "schedule", "gamma", "X", "step, exp: the factor of a decay (0.1; exp: 0.95)" },
    { "schedule", "warmup", "N", "warmup-cosine: epochs of linear warm-up (2)" },
    { "schedule", "min-lr", "X", "cosine, warmup-cosine, plateau: the floor (0)" },
    { "schedule", "patience", "N", "plateau: epochs without progress tolerated (10)" },
    { "schedule", "factor", "X", "plateau: the factor of a reduction (0.1)" },
    /* <<the options about regularization>> */
    { "regularization", "dropout", "P", "dropout after every hidden activation, "
                                        "0 <= P < 1 (0)" },
    { "regularization", "l1", "X", "L1 penalty on the weights, X >= 0 (0)" },
    { "regularization", "l2", "X", "L2 penalty on the weights, X >= 0 (0)" },
    { "regularization", "early-stopping", "N", "stop N epochs after the best "
                                               "validation accuracy" },
    /* <<the options about augmentation and model selection>> */
    { "regularization", "augment", "LIST", "transform the training images: "
                                          "shift,rotate,elastic or part (none)" },
    { "regularization", "shift", "N", "shift: up to N pixels each way (2)" },
    { "regularization", "rotate", "DEG", "rotate: up to DEG degrees either way (10)" },
    { "regularization", "elastic", "ALPHA,SIGMA", "elastic: scale and smoothing in "
                                                  "pixels (34,4)" },
    { "regularization", "kfold", "K", "cross-validate on K folds of the training set "
                                      "instead" },
    /* <<the options about the run and its output>> */
    { "run and output", "save", "FILE", "save the model and the run's state after "
                                        "every epoch" },
    { "run and output", "resume", "FILE", "continue the run that saved FILE, up to "
                                          "--epochs in all" },
    { "run and output", "predictions", "FILE", "the predicted label of each test "
                                               "image, one per line" },
    { "run and output", "log", "FILE", "one line per epoch: losses, accuracies, "
                                       "seconds" },
    { "run and output", "help", NULL, "print this help" },
};
enum { TRAIN_N_OPTIONS = sizeof train_table / sizeof train_table[0] };
const int train_n_options = TRAIN_N_OPTIONS;
/* <<print the trainer's help>> */
static int train_hidden_act_ok(nn_act_kind k)
{
    return k != NN_ACT_STEP && k != NN_ACT_SOFTMAX && k != NN_ACT_LOG_SOFTMAX;
}

static int train_loss_ok(nn_loss_kind k)
{
    return k != NN_LOSS_NLL;
}
/* <<print the trainer's help>> */
void train_usage(FILE *f)
{
    fprintf(f, "usage: nn-train [OPTION]...\nTrain a multilayer perceptron on "
            "MNIST-format data, evaluate it on the test set, and save it.\n");
    for (int i = 0; i < TRAIN_N_OPTIONS; i++) {
        char left[40];
        const train_option *t = &train_table[i];
        if (i == 0 || strcmp(t->topic, train_table[i - 1].topic) != 0)
            fprintf(f, "\n%s:\n", t->topic);
        snprintf(left, sizeof left, "--%s%s%s", t->name, t->value ? " " : "",
                 t->value ? t->value : "");
        fprintf(f, "  %-22s %s\n", left, t->help);
    }
    /* <<list the optimizers and the activations>> */
    fprintf(f, "\nlosses:");
    for (int k = 0; k < NN_LOSS_COUNT; k++)
        if (train_loss_ok((nn_loss_kind)k))
            fprintf(f, " %s", nn_loss_name((nn_loss_kind)k));
    nn_optim_config gd = nn_optim_suggested(NN_OPTIM_SGD);
    fprintf(f, "\noptimizers (learning rate, momentum):\n  gd (%g, 0), sgd without "
            "momentum", gd.lr);
    for (int k = 0; k < NN_OPTIM_COUNT; k++) {
        nn_optim_config c = nn_optim_suggested((nn_optim_kind)k);
        fprintf(f, "\n  %s (%g, %g)", nn_optim_name(c.kind), c.lr, c.momentum);
    }
    fprintf(f, "\nschedules (stepped after every epoch):");
    for (int k = 0; k < NN_SCHED_COUNT; k++)
        fprintf(f, " %s", nn_sched_name((nn_sched_kind)k));
    fprintf(f, "\nactivations:");
    for (int k = 0; k < NN_ACT_COUNT; k++)
        if (train_hidden_act_ok((nn_act_kind)k))
            fprintf(f, " %s", nn_act_name((nn_act_kind)k));
    fprintf(f, "\ninitialisations:");
    for (int k = 0; k < NN_INIT_COUNT; k++)
        fprintf(f, " %s", nn_init_name((nn_init)k));
    fprintf(f, "\n");
    fprintf(f, "\nexit status: 0 done, 1 unusable data or model, or training "
            "diverged, 2 bad options\n");
}
/* <<parse numbers and lists of widths>> */
static int train_count(const char *s, unsigned long long max,
                       unsigned long long *out)
{
    unsigned long long v = 0;
    if (!*s)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (max - (unsigned)(*s - '0')) / 10)
            return 0;                           /* not a digit, or too large */
        v = 10 * v + (unsigned)(*s - '0');
    }
    *out = v;
    return 1;
}

static int train_real(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || !(v == v) || v == HUGE_VAL || v == -HUGE_VAL)
        return 0;
    *out = v;
    return 1;
}
/* <<parse numbers and lists of widths>> */
static int train_widths(const char *s, size_t *w, size_t *n)
{
    char buf[32];
    *n = 0;
    while (*s) {
        size_t len = strcspn(s, ",");
        unsigned long long v;
        if (len == 0 || len >= sizeof buf || *n == TRAIN_MAX_WIDTHS)
            return 0;
        memcpy(buf, s, len), buf[len] = '\0';
        if (!train_count(buf, TRAIN_MAX_WIDTH, &v) || v == 0)
            return 0;
        w[(*n)++] = (size_t)v;
        s += len;
        if (*s == ',' && !*++s)
            return 0;                           /* a trailing comma */
    }
    return *n > 0;
}
/* <<format a usage error>> */
static int train_fail(char *msg, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, n, fmt, ap);
    va_end(ap);
    return TRAIN_USAGE;
}
/* <<parse the trainer's option --arch>> */
static int train_arch_piece(const char *s, size_t len, size_t *w, nn_norm *norm)
{
    char buf[32];
    unsigned long long v;
    *norm = NN_NORM_NONE;
    if (len >= 3 && (strncmp(s + len - 2, "bn", 2) == 0
                     || strncmp(s + len - 2, "ln", 2) == 0)) {
        *norm = s[len - 2] == 'b' ? NN_NORM_BATCH : NN_NORM_LAYER;
        len -= 2;
    }
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len), buf[len] = '\0';
    if (!train_count(buf, TRAIN_MAX_WIDTH, &v) || v == 0)
        return 0;
    *w = (size_t)v;
    return 1;
}
/* <<parse the trainer's option --arch>> */
static int train_arch(train_options *o, const char *v, char *msg, size_t n)
{
    size_t k = 0;
    for (const char *s = v;; s++) {
        size_t len = strcspn(s, "-");
        if (k == TRAIN_MAX_WIDTHS)
            return train_fail(msg, n, "--arch %s: at most %d widths", v,
                              TRAIN_MAX_WIDTHS);
        if (!train_arch_piece(s, len, &o->widths[k], &o->norm[k]))
            return train_fail(msg, n, "--arch %s: '%.*s' is not a width (a number "
                              "from 1 to 16777216, then bn, ln or nothing)", v,
                              (int)len, s);
        k++, s += len;
        if (!*s)
            break;
    }
    /* <<check the ends of an architecture>> */
    if (k < 2)
        return train_fail(msg, n, "--arch %s: a network needs at least an input and "
                          "an output width, such as 784-10", v);
    if (o->norm[0] != NN_NORM_NONE || o->norm[k - 1] != NN_NORM_NONE)
        return train_fail(msg, n, "--arch %s: only hidden widths can end in bn or ln",
                          v);
    o->n_widths = k, o->shape = 'a', o->shape_given = 1, o->arch_given = 1;
    return TRAIN_GO;
}
/* <<parse the trainer's option --arch>> */
static int train_has_batchnorm(const train_options *o)
{
    for (size_t k = 0; o->shape == 'a' && k < o->n_widths; k++)
        if (o->norm[k] == NN_NORM_BATCH)
            return 1;
    return 0;
}
/* <<answer an unknown optimizer>> */
static int train_optim_unknown(const char *v, char *msg, size_t n)
{
    char names[160] = "sgd or gd";
    for (int k = 1; k < NN_OPTIM_COUNT; k++)
        snprintf(names + strlen(names), sizeof names - strlen(names), " or %s",
                 nn_optim_name((nn_optim_kind)k));
    return train_fail(msg, n, "--optimizer %s: expected %s", v, names);
}

static int train_loss_unknown(const char *v, char *msg, size_t n)
{
    char names[160] = "";
    for (int k = 0; k < NN_LOSS_COUNT; k++)
        if (train_loss_ok((nn_loss_kind)k))
            snprintf(names + strlen(names), sizeof names - strlen(names), " %s",
                     nn_loss_name((nn_loss_kind)k));
    return train_fail(msg, n, "--loss %s: expected one of%s", v, names);
}
/* <<set one option of the trainer>> */
static int train_set(train_options *o, const char *name, const char *v,
                     char *msg, size_t n)
{
    unsigned long long c;
    double x;
    #define IS(s) (strcmp(name, s) == 0)
    #define BAD(what) train_fail(msg, n, "--%s %s: %s", name, v, what)
    if (IS("data") || IS("load") || IS("save") || IS("predictions") || IS("log")
        || IS("resume")) {
        if (!*v)
            return train_fail(msg, n, "--%s needs a file name", name);
        *(IS("data") ? &o->data : IS("load") ? &o->load : IS("save") ? &o->save
          : IS("predictions") ? &o->predictions : IS("resume") ? &o->resume
          : &o->log) = v;
    } else if (IS("layers") || IS("hidden")) {
        o->shape = IS("layers") ? 'l' : 'h', o->shape_given = 1;
        if (IS("hidden") && strcmp(v, "none") == 0)
            o->n_widths = 0;
        else if (!train_widths(v, o->widths, &o->n_widths))
            return BAD("expected widths from 1 to 16777216, separated by commas");
        else if (IS("layers") && o->n_widths < 2)
            return BAD("a network needs at least an input and an output width");
    /* <<set the trainer's option --arch>> */
    } else if (IS("arch")) {
        if (o->shape_given && !o->arch_given)
            return BAD("it describes the whole network: leave out --layers and "
                       "--hidden");
        return train_arch(o, v, msg, n);
    /* <<set the options that name functions>> */
    } else if (IS("activation")) {
        if (nn_act_parse(v, &o->act) != NN_OK || !train_hidden_act_ok(o->act.kind))
            return BAD("not an activation for hidden layers (see --help)");
        o->act_given = 1;
    } else if (IS("init")) {
        if (nn_init_parse(v, &o->init) != NN_OK)
            return BAD("not an initialisation (see --help)");
        o->init_given = 1;
    /* <<set the number of residual blocks>> */
    } else if (IS("residual-blocks")) {
        if (!train_count(v, 1000, &c))
            return BAD("expected a whole number of blocks from 0 to 1000");
        o->residual_blocks = c;
    } else if (IS("loss")) {
        if (nn_loss_parse(v, &o->loss) != NN_OK || !train_loss_ok(o->loss.kind))
            return train_loss_unknown(v, msg, n);
    } else if (IS("optimizer")) {
        nn_optim_config chosen = nn_optim_default(NN_OPTIM_SGD);
        o->plain_gd = strcmp(v, "gd") == 0;
        if (!o->plain_gd && nn_optim_parse(v, &chosen) != NN_OK)
            return train_optim_unknown(v, msg, n);
        o->optim.kind = chosen.kind;
    /* <<set the options that are numbers>> */
    } else if (IS("lr")) {
        if (!train_real(v, &x) || !(x > 0 && x <= 10))
            return BAD("the learning rate must be a number above 0 and at most 10");
        o->optim.lr = x, o->lr_given = 1;
    } else if (IS("momentum")) {
        if (!train_real(v, &x) || !(x >= 0 && x < 1))
            return BAD("the momentum must be a number from 0 to below 1");
        o->optim.momentum = x, o->momentum_given = 1;
    } else if (IS("weight-decay")) {
        if (!train_real(v, &x) || !(x >= 0))
            return BAD("the weight decay must be a number of at least 0");
        o->optim.weight_decay = x, o->wd_given = 1;
    } else if (IS("beta1") || IS("beta2")) {
        if (!train_real(v, &x) || !(x >= 0 && x < 1))
            return BAD("a beta must be a number from 0 to below 1");
        *(IS("beta1") ? &o->optim.beta1 : &o->optim.beta2) = x;
        o->betas_given |= IS("beta1") ? 1 : 2;
    } else if (IS("eps")) {
        if (!train_real(v, &x) || !(x > 0 && x < 1))
            return BAD("eps must be a number above 0 and below 1");
        o->optim.eps = x, o->eps_given = 1;
    } else if (IS("clip-norm")) {
        if (!train_real(v, &x) || !(x > 0 && x < INFINITY))
            return BAD("the clipping norm must be a number above 0");
        o->clip_norm = x;
    } else if (IS("targets")) {
        char a[64];
        const char *comma = strchr(v, ',');
        size_t len = comma ? (size_t)(comma - v) : 0;
        if (!comma || len >= sizeof a || (memcpy(a, v, len), a[len] = '\0', 0)
            || !train_real(a, &o->target_off) || !train_real(comma + 1, &o->target_on)
            || !(o->target_off < o->target_on))
            return BAD("expected two numbers OFF,ON with OFF < ON");
    } else if (IS("batch") || IS("epochs") || IS("validation") || IS("seed")) {
        unsigned long long max = IS("seed") ? ~0ULL : IS("batch") ? TRAIN_MAX_WIDTH
                               : 1000000000ULL;
        if (!train_count(v, max, &c) || (IS("batch") && c == 0))
            return BAD(IS("batch") ? "expected a whole number of examples above 0"
                       : "expected a whole number of at least 0");
        if (IS("seed"))
            o->seed = c;
        else
            *(IS("batch") ? &o->batch : IS("epochs") ? &o->epochs : &o->validation) = c;
        o->validation_given |= IS("validation");
    /* <<set the options of the schedule>> */
    } else if (IS("schedule")) {
        nn_sched_config sc;
        if (nn_sched_parse(v, 1, &sc) != NN_OK)
            return BAD("expected one of the schedules that --help lists");
        o->sched_kind = sc.kind;
    } else if (IS("step-size") || IS("warmup") || IS("patience")) {
        if (!train_count(v, 1000000000ULL, &c))
            return BAD("expected a whole number of epochs");
        *(IS("step-size") ? &o->sched_given.step_size : IS("warmup")
          ? &o->sched_given.warmup : &o->sched_given.patience) = (long)c;
    } else if (IS("gamma") || IS("min-lr") || IS("factor")) {
        if (!train_real(v, &x) || !(x >= 0))
            return BAD("expected a number of at least 0");
        *(IS("gamma") ? &o->sched_given.gamma : IS("min-lr") ? &o->sched_given.min_lr
          : &o->sched_given.factor) = x;
    /* <<set the options of augmentation and cross-validation>> */
    } else if (IS("augment")) {
        if (nn_augment_parse(v, &o->augment.transforms) != NN_OK)
            return BAD("expected a list of shift, rotate and elastic, separated by "
                       "commas");
    } else if (IS("shift") || IS("kfold")) {
        if (!train_count(v, 1000, &c) || (IS("kfold") && (c < 2 || c > 100)))
            return BAD(IS("kfold") ? "expected a number of folds from 2 to 100"
                       : "expected a whole number of pixels");
        if (IS("kfold"))
            o->kfold = c;
        else
            o->augment.shift = (unsigned)c, o->aug_sizes_given |= NN_AUG_SHIFT;
    } else if (IS("rotate")) {
        if (!train_real(v, &x) || !(x >= 0 && x <= 180))
            return BAD("expected an angle from 0 to 180 degrees");
        o->augment.rotate = x, o->aug_sizes_given |= NN_AUG_ROTATE;
    /* <<set the elastic distortion's sizes>> */
    } else if (IS("elastic")) {
        char a[64];
        const char *comma = strchr(v, ',');
        size_t len = comma ? (size_t)(comma - v) : 0;
        if (!comma || len >= sizeof a || (memcpy(a, v, len), a[len] = '\0', 0)
            || !train_real(a, &o->augment.alpha) || !train_real(comma + 1, &x)
            || !(o->augment.alpha >= 0 && o->augment.alpha <= 100 && x >= 0.5 && x <= 10))
            return BAD("expected ALPHA,SIGMA with ALPHA from 0 to 100 and SIGMA from "
                       "0.5 to 10 (pixels)");
        o->augment.sigma = x, o->aug_sizes_given |= NN_AUG_ELASTIC;
    /* <<set the options of regularization>> */
    } else if (IS("dropout")) {
        if (!train_real(v, &x) || !(x >= 0 && x < 1))
            return BAD("the probability of dropout must be a number from 0 to below 1");
        o->dropout = x;
    } else if (IS("l1") || IS("l2")) {
        if (!train_real(v, &x) || !(x >= 0 && x < INFINITY))
            return BAD("a penalty must be a finite number of at least 0");
        *(IS("l1") ? &o->l1 : &o->l2) = x;
    } else if (IS("early-stopping")) {
        if (!train_count(v, 1000000000ULL, &c) || c == 0)
            return BAD("the patience must be a whole number of epochs above 0");
        o->patience = (size_t)c;
    } else if (IS("nesterov")) {
        o->optim.nesterov = 1;
    } else if (IS("decay-biases")) {
        o->optim.decay_biases = 1;
    } else if (IS("help")) {
        return TRAIN_HELP;
    }
    return TRAIN_GO;
    #undef IS
    #undef BAD
}
/* <<give the chosen optimizer its defaults, then the options>> */
static void train_optimizer(train_options *o)
{
    nn_optim_config c = nn_optim_suggested(o->optim.kind);
    if (o->plain_gd)
        c.momentum = 0;
    if (o->lr_given)
        c.lr = o->optim.lr;
    if (o->momentum_given)
        c.momentum = o->optim.momentum;
    if (o->wd_given)
        c.weight_decay = o->optim.weight_decay;
    c.nesterov = o->optim.nesterov;
    c.decay_biases = o->optim.decay_biases;
    if (o->eps_given)
        c.eps = o->optim.eps;
    if (o->betas_given & 1)
        c.beta1 = o->optim.beta1;
    if (o->betas_given & 2)
        c.beta2 = o->optim.beta2;
    o->optim = c;
}
/* <<give the chosen schedule its defaults, then the options>> */
static int train_schedule(train_options *o, char *msg, size_t n)
{
    const nn_sched_config *g = &o->sched_given;
    nn_sched_config c = nn_sched_default(o->sched_kind, o->optim.lr);
    nn_sched_kind k = c.kind;
    c.t_max = (long)(o->epochs > 0 ? o->epochs : 1);
    if (k != NN_SCHED_COSINE && k != NN_SCHED_WARMUP_COSINE)
        c.t_max = nn_sched_default(k, 0).t_max;
    /* <<apply the schedule's parameters that were given>> */
    #define GIVEN(field, opt, fits)                                              \
        if (!(g->field < 0 || isnan((double)g->field))) {                        \
            if (!(fits))                                                         \
                return train_fail(msg, n, "--%s is not a parameter of --schedule " \
                                  "%s", opt, nn_sched_name(k));                  \
            c.field = g->field;                                                  \
        }
    GIVEN(step_size, "step-size", k == NN_SCHED_STEP)
    GIVEN(gamma, "gamma", k == NN_SCHED_STEP || k == NN_SCHED_EXP)
    GIVEN(warmup, "warmup", k == NN_SCHED_WARMUP_COSINE)
    GIVEN(min_lr, "min-lr", k == NN_SCHED_COSINE || k == NN_SCHED_WARMUP_COSINE
                            || k == NN_SCHED_PLATEAU)
    GIVEN(patience, "patience", k == NN_SCHED_PLATEAU)
    GIVEN(factor, "factor", k == NN_SCHED_PLATEAU)
    #undef GIVEN
    const char *why = o->epochs > 0 ? nn_sched_check(&c) : NULL;
    if (why)
        return train_fail(msg, n, "--schedule %s: %s", nn_sched_name(k), why);
    if (k == NN_SCHED_PLATEAU && o->validation_given && o->validation == 0)
        return train_fail(msg, n, "--schedule plateau watches the validation loss: "
                          "it needs --validation above 0");
    o->sched = c;
    return TRAIN_GO;
}
/* <<parse the trainer's command line>> */
static int train_combinations(train_options *o, char *msg, size_t n)
{
    /* <<check that residual blocks have a hidden layer and no model file>> */
    if (o->residual_blocks && o->load)
        return train_fail(msg, n, "--load takes the residual blocks from the model "
                          "file: leave out --residual-blocks");
    if (o->residual_blocks && o->shape_given
        && o->n_widths < (o->shape == 'h' ? 1u : 3u))
        return train_fail(msg, n, "--residual-blocks needs a hidden layer to put "
                          "the blocks after");
    /* <<check the combinations of --resume>> */
    if (o->resume && (o->load || o->kfold))
        return train_fail(msg, n, "--resume goes on with the network of the checkpoint:"
                          " leave out %s", o->load ? "--load" : "--kfold");
    if (o->load && (o->shape_given || o->act_given || o->init_given))
        return train_fail(msg, n, "--load takes the architecture and the weights "
                          "from the model file: leave out --layers, --hidden, "
                          "--arch, --activation and --init");
    /* <<check the combinations of --arch>> */
    if (o->arch_given && o->shape != 'a')
        return train_fail(msg, n, "--arch describes the whole network: leave out "
                          "--layers and --hidden");
    if (train_has_batchnorm(o) && o->batch < 2)
        return train_fail(msg, n, "--batch %zu: batch normalization needs at least 2 "
                          "examples per batch (one has no variance)", o->batch);
    if (o->plain_gd && (o->momentum_given || o->optim.nesterov))
        return train_fail(msg, n, "--optimizer gd has no momentum: leave out "
                          "--momentum and --nesterov, or use --optimizer sgd");
    if (o->optim.nesterov && o->optim.kind != NN_OPTIM_SGD)
        return train_fail(msg, n, "--nesterov is a form of SGD's momentum: use it "
                          "with --optimizer sgd");
    if (o->eps_given && (o->plain_gd || o->optim.kind == NN_OPTIM_SGD))
        return train_fail(msg, n, "--eps is a constant of the adaptive optimizers: "
                          "leave it out with --optimizer sgd or gd");
    if (o->betas_given && o->optim.kind != NN_OPTIM_ADAM
        && o->optim.kind != NN_OPTIM_ADAMW)
        return train_fail(msg, n, "--beta1 and --beta2 are constants of Adam: use "
                          "them with --optimizer adam or adamw");
    /* <<check the combinations of augmentation and cross-validation>> */
    for (unsigned t = 1; t <= NN_AUG_ELASTIC; t <<= 1)
        if ((o->aug_sizes_given & t) && !(o->augment.transforms & t))
            return train_fail(msg, n, "--%s sizes a transform that --augment does not "
                              "ask for: add %s to --augment", nn_augment_name(t),
                              nn_augment_name(t));
    if (o->kfold && (o->load || o->save || o->predictions || o->validation_given
                     || o->epochs == 0))
        return train_fail(msg, n, "--kfold trains new networks on folds of the "
                          "training set and keeps none: leave out --load, --save, "
                          "--predictions and --validation, and train at least one epoch");
    /* <<check the combinations of the options of regularization>> */
    if (o->load && o->dropout > 0)
        return train_fail(msg, n, "--load takes the architecture from the model "
                          "file, dropout included: leave out --dropout");
    if (o->patience > 0 && o->validation_given && o->validation == 0)
        return train_fail(msg, n, "--early-stopping watches the validation accuracy: "
                          "it needs --validation above 0");
    train_optimizer(o);
    if (train_schedule(o, msg, n) != TRAIN_GO)
        return TRAIN_USAGE;
    if (o->optim.nesterov && o->optim.momentum == 0)
        return train_fail(msg, n, "--nesterov needs a momentum above 0");
    const char *why = nn_optim_check(&o->optim);
    if (why)
        return train_fail(msg, n, "--optimizer %s: %s", nn_optim_name(o->optim.kind),
                          why);
    return TRAIN_GO;
}
/* <<parse the trainer's command line>> */
enum { TRAIN_FIRST = 256 };

static void train_getopt_table(struct option *longs)
{
    for (int i = 0; i < TRAIN_N_OPTIONS; i++)
        longs[i] = (struct option){ train_table[i].name, train_table[i].value
                                    ? required_argument : no_argument, NULL,
                                    TRAIN_FIRST + i };
    longs[TRAIN_N_OPTIONS] = (struct option){ NULL, 0, NULL, 0 };
}
/* <<parse the trainer's command line>> */
static int train_getopt_error(int c, const char *arg, char *msg, size_t n)
{
    const train_option *t = optopt >= TRAIN_FIRST ? &train_table[optopt - TRAIN_FIRST]
                                                  : NULL;
    if (c == 1)
        return train_fail(msg, n, "unexpected argument '%s' (options begin with "
                          "--)", arg);
    if (c == ':' && t)
        return train_fail(msg, n, "--%s needs a value: --%s %s", t->name, t->name,
                          t->value);
    if (t)
        return train_fail(msg, n, "--%s takes no value", t->name);
    if (optopt)
        return train_fail(msg, n, "unknown option '-%c'", optopt);
    int len = (int)strcspn(arg, "="), fits = 0;
    for (int i = 0; i < TRAIN_N_OPTIONS && len > 2; i++)
        fits += strncmp(train_table[i].name, arg + 2, (size_t)len - 2) == 0;
    return train_fail(msg, n, fits > 1 ? "ambiguous option '%.*s': give more of "
                      "its name" : "unknown option '%.*s'", len, arg);
}
/* <<parse the trainer's command line>> */
int train_parse(int argc, char **argv, train_options *o, char *msg,
                size_t n)
{
    struct option longs[TRAIN_N_OPTIONS + 1];
    int c, r = TRAIN_GO;
    train_defaults(o);
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return TRAIN_HELP;
    train_getopt_table(longs);
    optind = 0, opterr = 0;
    while (r == TRAIN_GO && (c = getopt_long(argc, argv, "-:", longs, NULL)) != -1)
        r = c >= TRAIN_FIRST
            ? train_set(o, train_table[c - TRAIN_FIRST].name, optarg ? optarg : "",
                        msg, n)
            : train_getopt_error(c, c == 1 ? optarg : argv[optind - 1], msg, n);
    if (r == TRAIN_GO && optind < argc)
        r = train_fail(msg, n, "unexpected argument '%s' (options begin with --)",
                       argv[optind]);
    return r == TRAIN_GO ? train_combinations(o, msg, n) : r;
}
/* <<keep the settings of a run, and take them back>> */
enum { TRAIN_MAX_PAIRS = 128 };
typedef struct train_pair {
    int opt;                    /* index in train_table */
    const char *value;          /* NULL for a flag */
} train_pair;

static int train_pairs(int argc, char **argv, train_pair *p)
{
    struct option longs[TRAIN_N_OPTIONS + 1];
    int c, k = 0;
    train_getopt_table(longs);
    optind = 0, opterr = 0;
    while ((c = getopt_long(argc, argv, "-:", longs, NULL)) != -1)
        if (c >= TRAIN_FIRST && k < TRAIN_MAX_PAIRS)
            p[k++] = (train_pair){ c - TRAIN_FIRST, train_table[c - TRAIN_FIRST].value
                                                    ? optarg : NULL };
    return k;
}

static int train_is(const train_pair *p, const char *names)
{
    char key[40];
    snprintf(key, sizeof key, " %s ", train_table[p->opt].name);
    return strstr(names, key) != NULL;
}
/* <<keep the settings of a run, and take them back>> */
#define TRAIN_OUTPUT " save log predictions resume "
static char *train_text(const train_pair *p, int k)
{
    size_t len = 1;
    for (int i = 0; i < k; i++)
        len += strlen(train_table[p[i].opt].name) + 4
               + (p[i].value ? strlen(p[i].value) : 0);
    char *t = malloc(len), *end = t;
    for (int i = 0; t && i < k; i++)
        end += sprintf(end, "--%s%s%s\n", train_table[p[i].opt].name,
                       p[i].value ? " " : "", p[i].value ? p[i].value : "");
    if (t)
        *end = '\0';
    return t;
}

char *train_settings_text(int argc, char **argv)
{
    train_pair p[TRAIN_MAX_PAIRS], keep[TRAIN_MAX_PAIRS];
    int k = train_pairs(argc, argv, p), n = 0;
    for (int i = 0; i < k; i++)
        if (!train_is(&p[i], TRAIN_OUTPUT))
            keep[n++] = p[i];
    return train_text(keep, n);
}
/* <<keep the settings of a run, and take them back>> */
#define TRAIN_RESUMABLE " save log predictions resume epochs data "
static int train_split_text(char *stored, char **sv)
{
    int sc = 1;
    sv[0] = "nn-train";
    for (char *line = strtok(stored, "\n"); line && sc < 2 * TRAIN_MAX_PAIRS - 1;
         line = strtok(NULL, "\n")) {
        char *space = strchr(line, ' ');
        sv[sc++] = line;
        if (space)
            *space = '\0', sv[sc++] = space + 1;
    }
    sv[sc] = NULL;
    return sc;
}
/* <<keep the settings of a run, and take them back>> */
static int train_contradicts(const train_pair *p, const train_pair *sp, int ks,
                             char *msg, size_t n)
{
    const char *name = train_table[p->opt].name, *had = NULL;
    for (int j = 0; j < ks; j++)
        if (sp[j].opt == p->opt) {
            if (!p->value || strcmp(p->value, sp[j].value) == 0)
                return TRAIN_GO;
            had = sp[j].value;
        }
    return train_fail(msg, n, "--resume: --%s%s%s contradicts the run of the "
                      "checkpoint, which had %s%s%s%s; a resumed run keeps its "
                      "settings: give only --epochs, --data and the output options",
                      name, p->value ? " " : "", p->value ? p->value : "",
                      had ? "--" : "no --", name, had ? " " : "", had ? had : "");
}
/* <<keep the settings of a run, and take them back>> */
int train_resume(int argc, char **argv, char *stored, train_options *o,
                 char **text, char *msg, size_t n)
{
    char *sv[2 * TRAIN_MAX_PAIRS + 1], why[400];
    train_pair sp[TRAIN_MAX_PAIRS], np[TRAIN_MAX_PAIRS], all[TRAIN_MAX_PAIRS];
    int sc = train_split_text(stored, sv), r = train_parse(sc, sv, o, why, sizeof why);
    if (r != TRAIN_GO)
        return train_fail(msg, n, "--resume: the checkpoint's settings do not parse:"
                          " %s", r == TRAIN_HELP ? "--help" : why);
    int ks = train_pairs(sc, sv, sp), kn = train_pairs(argc, argv, np), k = 0;
    for (int i = 0; i < kn && r == TRAIN_GO; i++)
        r = train_is(&np[i], TRAIN_RESUMABLE)
            ? train_set(o, train_table[np[i].opt].name, np[i].value ? np[i].value
                        : "", msg, n)
            : train_contradicts(&np[i], sp, ks, msg, n);
    int anew_e = 0, anew_d = 0;
    for (int i = 0; i < kn; i++)
        anew_e |= train_is(&np[i], " epochs "), anew_d |= train_is(&np[i], " data ");
    for (int i = 0; i < ks; i++)            /* the old settings, less the new */
        if (!(anew_e && train_is(&sp[i], " epochs "))
            && !(anew_d && train_is(&sp[i], " data ")))
            all[k++] = sp[i];
    for (int i = 0; i < kn && k < TRAIN_MAX_PAIRS; i++)
        if (train_is(&np[i], " epochs data "))
            all[k++] = np[i];
    o->load = NULL;                         /* the network is the checkpoint's */
    *text = r == TRAIN_GO ? train_text(all, k) : NULL;
    return r;
}
/* <<choose the number of validation images>> */
size_t train_validation(const train_options *o, size_t n_train)
{
    size_t sixth = n_train / 6;
    if (o->validation_given)
        return o->validation;
    return sixth < TRAIN_MAX_VALIDATION ? sixth : TRAIN_MAX_VALIDATION;
}
/* <<check the options against the data>> */
int train_check_data(const train_options *o, size_t n_features,
                     size_t n_classes, size_t n_train, char *msg,
                     size_t n)
{
    const char *opt = o->shape == 'a' ? "--arch" : "--layers";   /* ch:batchnorm */
    if (o->shape != 'h' && o->widths[0] != n_features)
        return train_fail(msg, n, "%s: the first width is the input, and the "
                          "images have %zu pixels, not %zu", opt, n_features,
                          o->widths[0]);
    if (o->shape != 'h' && o->widths[o->n_widths - 1] != n_classes)
        return train_fail(msg, n, "%s: the last width is the output, and the "
                          "data have %zu classes, not %zu", opt, n_classes,
                          o->widths[o->n_widths - 1]);
    /* <<check that batch normalization never gets a batch of one>> */
    if (train_has_batchnorm(o) && o->epochs > 0
        && (n_train - train_validation(o, n_train)) % o->batch == 1)
        return train_fail(msg, n, "--batch %zu: the last batch of each epoch would "
                          "hold a single image, which batch normalization cannot "
                          "normalize; choose another --batch or --validation", o->batch);
    if (o->epochs > 0 && train_validation(o, n_train) >= n_train)
        return train_fail(msg, n, "--validation %zu: the training set has only %zu "
                          "images", o->validation, n_train);
    return TRAIN_GO;
}
/* <<check the options against the data>> */
size_t train_sizes(const train_options *o, size_t n_features,
                   size_t n_classes, size_t *sizes)
{
    if (o->shape != 'h') {                      /* --layers or --arch */
        memcpy(sizes, o->widths, o->n_widths * sizeof *sizes);
        return o->n_widths;
    }
    sizes[0] = n_features;
    memcpy(sizes + 1, o->widths, o->n_widths * sizeof *sizes);
    sizes[o->n_widths + 1] = n_classes;
    return o->n_widths + 2;
}

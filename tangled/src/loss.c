/* Tangled from book/130-losses.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <string.h>
#include "nn.h"

/* <<the arguments every loss function takes>> */
typedef struct loss_args {
    size_t B, C, n;             /* rows, columns, and n = B * C */
    const nn_real *pred;        /* predictions, logits or log-probabilities */
    const nn_real *target;      /* B x C reals, for the losses of targets */
    const int *labels;          /* B labels in [0, C), for those of classes */
    double delta;               /* Huber's threshold */
    nn_real *grad;              /* NULL: the loss alone */
} loss_args;

/* <<compute the mean squared error and its gradient>> */
static double loss_mse(const loss_args *in)
{
    size_t n = in->n;
    const nn_real *p = in->pred, *t = in->target;
    nn_real *grad = in->grad;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)p[i] - t[i];
        sum += d * d;
        if (grad)
            grad[i] = (nn_real)(2 * d / (double)n);
    }
    return sum / (double)n;
}

/* <<compute the mean absolute error and its gradient>> */
static double loss_sign(double d)
{
    return (d > 0) - (d < 0);
}

static double loss_mae(const loss_args *in)
{
    size_t n = in->n;
    const nn_real *p = in->pred, *t = in->target;
    nn_real *grad = in->grad;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)p[i] - t[i];
        sum += fabs(d);
        if (grad)
            grad[i] = (nn_real)(loss_sign(d) / (double)n);
    }
    return sum / (double)n;
}

/* <<compute the Huber loss and its gradient>> */
static double loss_huber(const loss_args *in)
{
    size_t n = in->n;
    const nn_real *p = in->pred, *t = in->target;
    nn_real *grad = in->grad;
    double delta = in->delta;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)p[i] - t[i], a = fabs(d);
        sum += a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
        if (grad)
            grad[i] = (nn_real)((a < delta ? d : delta * loss_sign(d)) / (double)n);
    }
    return sum / (double)n;
}

/* <<compute the binary cross-entropy of logits and its gradient>> */
static double loss_bce_logits(const loss_args *in)
{
    size_t n = in->n;
    const nn_real *x = in->pred, *t = in->target;
    nn_real *grad = in->grad;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double xi = x[i], ti = t[i];
        sum += fmax(xi, 0) - xi * ti + log1p(exp(-fabs(xi)));
        if (grad)
            grad[i] = (nn_real)((nn_sigmoid(xi) - ti) / (double)n);
    }
    return sum / (double)n;
}

/* <<compute the softmax cross-entropy of logits and labels>> */
static double loss_softmax_ce(const loss_args *in)
{
    size_t B = in->B, C = in->C;
    const nn_real *x = in->pred;
    const int *labels = in->labels;
    nn_real *grad = in->grad;
    double sum = 0;
    for (size_t i = 0; i < B; i++) {
        const nn_real *row = x + i * C;
        /* <<find the row's largest logit m and the sum s of shifted exponentials>> */
        double m = row[0], s = 0;
        for (size_t j = 1; j < C; j++)
            m = row[j] > m ? row[j] : m;
        for (size_t j = 0; j < C; j++)
            s += exp((double)row[j] - m);
        sum += log(s) - ((double)row[labels[i]] - m);
        if (grad) {
            /* <<write the row's gradient, softmax minus one-hot, over B>> */
            nn_real *g = grad + i * C;
            for (size_t j = 0; j < C; j++) {
                double p = exp((double)row[j] - m) / s;                 /* softmax */
                g[j] = (nn_real)((p - (j == (size_t)labels[i])) / (double)B);
            }
        }
    }
    return sum / (double)B;
}

/* <<compute the negative log-likelihood of log-probabilities>> */
static double loss_nll(const loss_args *in)
{
    size_t B = in->B, C = in->C;
    const nn_real *logp = in->pred;
    const int *labels = in->labels;
    nn_real *grad = in->grad;
    double sum = 0;
    for (size_t i = 0; i < B; i++) {
        sum -= logp[i * C + (size_t)labels[i]];
        if (grad) {
            for (size_t j = 0; j < C; j++)
                grad[i * C + j] = 0;
            grad[i * C + (size_t)labels[i]] = (nn_real)(-1.0 / (double)B);
        }
    }
    return sum / (double)B;
}

/* <<the table of the losses>> */
typedef struct loss_row {
    const char *name;
    double (*eval)(const loss_args *in);
    int labels;             /* 1: class labels; 0: a matrix of targets */
} loss_row;

static const loss_row loss_table[NN_LOSS_COUNT] = {
    [NN_LOSS_MSE]        = { "mse",                   loss_mse,        0 },
    [NN_LOSS_MAE]        = { "mae",                   loss_mae,        0 },
    [NN_LOSS_HUBER]      = { "huber",                 loss_huber,      0 },
    [NN_LOSS_BCE_LOGITS] = { "bce_with_logits",       loss_bce_logits, 0 },
    [NN_LOSS_SOFTMAX_CE] = { "softmax_cross_entropy", loss_softmax_ce, 1 },
    [NN_LOSS_NLL]        = { "nll",                   loss_nll,        1 },
};

/* <<make a loss, parse its name, and say which target it takes>> */
const char *nn_loss_name(nn_loss_kind kind)
{
    return (unsigned)kind < NN_LOSS_COUNT ? loss_table[kind].name : "unknown";
}
/* <<make a loss, parse its name, and say which target it takes>> */
nn_loss nn_loss_default(nn_loss_kind kind)
{
    nn_loss L = { kind, 1.0, 0.0, 1.0 };
    return L;
}

nn_status nn_loss_parse(const char *name, nn_loss *out)
{
    for (unsigned k = 0; name && k < NN_LOSS_COUNT; k++)
        if (strcmp(name, loss_table[k].name) == 0) {
            *out = nn_loss_default((nn_loss_kind)k);
            return NN_OK;
        }
    return NN_EINVAL;
}

int nn_loss_uses_labels(nn_loss_kind kind)
{
    return (unsigned)kind < NN_LOSS_COUNT && loss_table[kind].labels;
}

/* <<check the arguments of nn_loss_eval>> */
static int loss_args_ok(const nn_loss *L, size_t B, size_t C, const nn_real *pred,
                        const nn_real *target, const int *labels)
{
    if (!L || !pred || B == 0 || C == 0 || (unsigned)L->kind >= NN_LOSS_COUNT)
        return 0;
    if (!nn_loss_uses_labels(L->kind))
        return target != NULL && (L->kind != NN_LOSS_HUBER || L->delta > 0);
    if (!labels)
        return 0;
    for (size_t i = 0; i < B; i++)
        if (labels[i] < 0 || (size_t)labels[i] >= C)
            return 0;
    return 1;
}

/* <<evaluate the loss of the given kind>> */
double nn_loss_eval(const nn_loss *L, size_t B, size_t C, const nn_real *pred,
                    const nn_real *target, const int *labels, nn_real *grad)
{
    if (!loss_args_ok(L, B, C, pred, target, labels))
        return NAN;
    loss_args in = { B, C, B * C, pred, target, labels, L->delta, grad };
    return loss_table[L->kind].eval(&in);
}

/* Tangled from book/110-activations.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <string.h>
#include "nn.h"
#include "vectorize.h"              /* NN_VECTORIZE: the speed chapter */

/* <<the names of the activation functions>> */
static const char *const act_names[NN_ACT_COUNT] = {
    [NN_ACT_IDENTITY] = "identity",     [NN_ACT_STEP] = "step",
    [NN_ACT_SIGMOID] = "sigmoid",       [NN_ACT_TANH] = "tanh",
    [NN_ACT_RELU] = "relu",             [NN_ACT_LEAKY_RELU] = "leaky_relu",
    [NN_ACT_ELU] = "elu",               [NN_ACT_GELU_ERF] = "gelu_erf",
    [NN_ACT_GELU_TANH] = "gelu_tanh",   [NN_ACT_SOFTPLUS] = "softplus",
    [NN_ACT_SOFTMAX] = "softmax",       [NN_ACT_LOG_SOFTMAX] = "log_softmax",
};
enum { ACT_KINDS = sizeof act_names / sizeof act_names[0] };

const char *nn_act_name(nn_act_kind kind)
{
    return (unsigned)kind < ACT_KINDS ? act_names[kind] : "unknown";
}
/* <<default parameters and lookup by name>> */
nn_act nn_act_default(nn_act_kind kind)
{
    nn_act f = { kind, kind == NN_ACT_LEAKY_RELU ? 0.01 : 1.0, 1.0, 20.0 };
    return f;
}

nn_status nn_act_parse(const char *name, nn_act *out)
{
    for (size_t k = 0; name && k < ACT_KINDS; k++)
        if (strcmp(name, act_names[k]) == 0) {
            *out = nn_act_default((nn_act_kind)k);
            return NN_OK;
        }
    return NN_EINVAL;
}

/* <<constants of the normal distribution>> */
static const double ACT_SQRT_HALF = 0.70710678118654752440,      /* 1/sqrt(2) */
                    ACT_INV_SQRT_2PI = 0.39894228040143267794,   /* 1/sqrt(2 pi) */
                    ACT_SQRT_2_OVER_PI = 0.79788456080286535588, /* sqrt(2/pi) */
                    ACT_GELU_C = 0.044715;      /* of the tanh approximation */
/* <<the sigmoid, without overflow>> */
double nn_sigmoid(double x)
{
    if (x >= 0)
        return 1 / (1 + exp(-x));
    double e = exp(x);
    return e / (1 + e);
}
/* <<evaluate an element-wise activation>> */
static double act_value(const nn_act *f, double x)
{
    switch (f->kind) {
    /* <<the value of each element-wise activation>> */
    case NN_ACT_IDENTITY:
        return x;
    case NN_ACT_STEP:
        return x >= 0 ? 1 : 0;              /* step(0) = 1, as in (eq:step) */
    /* <<the value of each element-wise activation>> */
    case NN_ACT_SIGMOID:
        return nn_sigmoid(x);
    /* <<the value of each element-wise activation>> */
    case NN_ACT_TANH:
        return tanh(x);
    /* <<the value of each element-wise activation>> */
    case NN_ACT_RELU:
        return x < 0 ? 0 : x;
    /* <<the value of each element-wise activation>> */
    case NN_ACT_LEAKY_RELU:
        return x < 0 ? f->alpha * x : x;
    /* <<the value of each element-wise activation>> */
    case NN_ACT_ELU:
        return x < 0 ? f->alpha * expm1(x) : x;
    /* <<the value of each element-wise activation>> */
    case NN_ACT_SOFTPLUS: {
        double z = f->beta * x;
        if (z > f->threshold)
            return x;
        return (fmax(z, 0) + log1p(exp(-fabs(z)))) / f->beta;
    }
    /* <<the value of each element-wise activation>> */
    case NN_ACT_GELU_ERF:
        return x * 0.5 * erfc(-x * ACT_SQRT_HALF);
    /* <<the value of each element-wise activation>> */
    case NN_ACT_GELU_TANH:
        return x * nn_sigmoid(2 * ACT_SQRT_2_OVER_PI * (x + ACT_GELU_C * x * x * x));
    default:                            /* softmax works on rows, not here */
        return NAN;
    }
}
/* <<differentiate an element-wise activation>> */
static double act_slope(const nn_act *f, double x, double y)
{
    switch (f->kind) {
    /* <<the derivative of each element-wise activation>> */
    case NN_ACT_IDENTITY:
        return 1;
    case NN_ACT_STEP:
        return 0;
    /* <<the derivative of each element-wise activation>> */
    case NN_ACT_SIGMOID:
        return y * (1 - y);
    /* <<the derivative of each element-wise activation>> */
    case NN_ACT_TANH:
        return 1 - y * y;
    /* <<the derivative of each element-wise activation>> */
    case NN_ACT_RELU:
        return x > 0 ? 1 : 0;
    /* <<the derivative of each element-wise activation>> */
    case NN_ACT_LEAKY_RELU:
        return x > 0 ? 1 : f->alpha;
    /* <<the derivative of each element-wise activation>> */
    case NN_ACT_ELU:
        return x > 0 ? 1 : f->alpha * exp(x);
    /* <<the derivative of each element-wise activation>> */
    case NN_ACT_SOFTPLUS:
        return f->beta * x > f->threshold ? 1 : nn_sigmoid(f->beta * x);
    /* <<the derivative of each element-wise activation>> */
    case NN_ACT_GELU_ERF:
        return 0.5 * erfc(-x * ACT_SQRT_HALF) + x * ACT_INV_SQRT_2PI * exp(-0.5 * x * x);
    /* <<the derivative of each element-wise activation>> */
    case NN_ACT_GELU_TANH: {
        double u = ACT_SQRT_2_OVER_PI * (x + ACT_GELU_C * x * x * x);
        double du = ACT_SQRT_2_OVER_PI * (1 + 3 * ACT_GELU_C * x * x);
        double s = nn_sigmoid(2 * u);
        return s + 2 * x * du * s * nn_sigmoid(-2 * u);
    }
    default:
        return NAN;
    }
}
/* <<softmax and log-softmax of one row>> */
static void softmax_row(int log_form, size_t n, const nn_real *x, nn_real *y)
{
    double m = -INFINITY, s = 0;
    for (size_t j = 0; j < n; j++)
        m = x[j] > m ? x[j] : m;
    for (size_t j = 0; j < n; j++)
        s += exp(x[j] - m);
    double log_s = log(s);
    for (size_t j = 0; j < n; j++)
        y[j] = (nn_real)(log_form ? x[j] - m - log_s : exp(x[j] - m) / s);
}
/* <<the backward pass of softmax and log-softmax on one row>> */
static void softmax_row_backward(int log_form, size_t n, const nn_real *y,
                                 const nn_real *dy, nn_real *dx)
{
    double s = 0;
    for (size_t j = 0; j < n; j++)
        s += log_form ? (double)dy[j] : (double)dy[j] * y[j];
    for (size_t j = 0; j < n; j++)
        dx[j] = (nn_real)(log_form ? dy[j] - exp(y[j]) * s : y[j] * (dy[j] - s));
}

/* <<apply an activation to a batch>> */
NN_VECTORIZE
void nn_act_forward(const nn_act *f, size_t rows, size_t cols, const nn_real *x,
                    nn_real *y)
{
    if (f->kind == NN_ACT_SOFTMAX || f->kind == NN_ACT_LOG_SOFTMAX) {
        int log_form = f->kind == NN_ACT_LOG_SOFTMAX;
        for (size_t r = 0; r < rows; r++)
            softmax_row(log_form, cols, x + r * cols, y + r * cols);
        return;
    }
    /* <<a fast loop for ReLU, and return>> */
    if (f->kind == NN_ACT_RELU) {
        size_t n = rows * cols;
        if (n >= 32768) {                       /* long: shared by the team */
            #pragma omp parallel for schedule(static)
            for (size_t i = 0; i < n; i++)
                y[i] = x[i] < 0 ? 0 : x[i];
        } else                                  /* short: no team at all */
            for (size_t i = 0; i < n; i++)
                y[i] = x[i] < 0 ? 0 : x[i];
        return;
    }
    for (size_t i = 0; i < rows * cols; i++)
        y[i] = (nn_real)act_value(f, x[i]);
}

/* <<propagate a gradient back through an activation>> */
NN_VECTORIZE
void nn_act_backward(const nn_act *f, size_t rows, size_t cols, const nn_real *x,
                     const nn_real *y, const nn_real *dy, nn_real *dx)
{
    if (f->kind == NN_ACT_SOFTMAX || f->kind == NN_ACT_LOG_SOFTMAX) {
        int log_form = f->kind == NN_ACT_LOG_SOFTMAX;
        for (size_t r = 0; r < rows; r++)
            softmax_row_backward(log_form, cols, y + r * cols, dy + r * cols,
                                 dx + r * cols);
        return;
    }
    /* <<a fast loop for the slope of ReLU, and return>> */
    if (f->kind == NN_ACT_RELU) {
        size_t n = rows * cols;
        if (n >= 32768) {
            #pragma omp parallel for schedule(static)
            for (size_t i = 0; i < n; i++) {
                nn_real slope = x[i] > 0;               /* 0 or 1 */
                dx[i] = dy[i] * slope;
            }
        } else
            for (size_t i = 0; i < n; i++) {
                nn_real slope = x[i] > 0;
                dx[i] = dy[i] * slope;
            }
        return;
    }
    for (size_t i = 0; i < rows * cols; i++)
        dx[i] = (nn_real)(dy[i] * act_slope(f, x[i], y[i]));
}

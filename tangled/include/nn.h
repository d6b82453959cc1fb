/* Tangled from book/01-neuron.nw by 'make tangle'. Edit the book, not this file. */
#ifndef NN_H
#define NN_H

/* <<standard headers that nn.h needs>> */
#include <float.h>
#include <stddef.h>
#include <stdint.h>

/* <<the scalar type nn_real>> */
#ifdef NN_DOUBLE
typedef double nn_real;
#define NN_REAL_EPSILON DBL_EPSILON
#define NN_PRECISION "double"
#else
typedef float nn_real;
#define NN_REAL_EPSILON FLT_EPSILON
#define NN_PRECISION "single"
#endif

/* <<status codes>> */
typedef enum nn_status {
    NN_OK = 0,          /* success */
    NN_EINVAL           /* an argument the function cannot work with */
} nn_status;

/* <<public declarations>> */
/* A neuron: z = x . w + b (equation 1.1).  w has n_in entries. */
typedef struct nn_neuron {
    size_t   n_in;
    nn_real *w;
    nn_real  b;
} nn_neuron;

nn_real nn_dot(size_t n, const nn_real *a, const nn_real *b);
nn_real nn_neuron_preactivation(const nn_neuron *u, const nn_real *x);
int     nn_step(nn_real z);
/* <<public declarations>> */
/* PCG32 random numbers.  Seed before use; the state is the caller's. */
typedef struct nn_rng {
    uint64_t state;
    uint64_t inc;
} nn_rng;

void     nn_rng_seed(nn_rng *r, uint64_t seed, uint64_t stream);
uint32_t nn_rng_u32(nn_rng *r);
uint32_t nn_rng_below(nn_rng *r, uint32_t n);    /* uniform in [0, n) */
double   nn_rng_uniform(nn_rng *r);              /* uniform in [0, 1) */
double   nn_rng_normal(nn_rng *r);               /* mean 0, variance 1 */
/* <<public declarations>> */
int    nn_perceptron_predict(const nn_neuron *u, const nn_real *x);
int    nn_perceptron_update(nn_neuron *u, const nn_real *x, int t,
                            nn_real eta);
size_t nn_perceptron_epoch(nn_neuron *u, size_t m, const nn_real *X,
                           const int *t, nn_real eta);
/* <<public declarations>> */
double nn_linear_mse(const nn_neuron *u, size_t m, const nn_real *X,
                     const nn_real *y);
void   nn_linear_mse_grad(const nn_neuron *u, size_t m, const nn_real *X,
                          const nn_real *y, nn_real *dw, nn_real *db);
void   nn_linear_gd_step(nn_neuron *u, size_t m, const nn_real *X,
                         const nn_real *y, nn_real eta, nn_real *dw);
nn_status nn_least_squares_line(size_t m, const nn_real *x, const nn_real *y,
                                nn_real *w, nn_real *b);
/* <<public declarations>> */
/* Activation functions (chapter 2). */
typedef enum nn_act_kind {
    NN_ACT_IDENTITY, NN_ACT_STEP, NN_ACT_SIGMOID, NN_ACT_TANH, NN_ACT_RELU,
    NN_ACT_LEAKY_RELU, NN_ACT_ELU, NN_ACT_GELU_ERF, NN_ACT_GELU_TANH,
    NN_ACT_SOFTPLUS, NN_ACT_SOFTMAX, NN_ACT_LOG_SOFTMAX
} nn_act_kind;

typedef struct nn_act {
    nn_act_kind kind;
    double alpha;       /* leaky ReLU slope (default 0.01), ELU alpha (default 1) */
    double beta;        /* softplus beta (default 1) */
    double threshold;   /* softplus threshold (default 20) */
} nn_act;
/* <<public declarations>> */
nn_act      nn_act_default(nn_act_kind kind);
nn_status   nn_act_parse(const char *name, nn_act *out);
const char *nn_act_name(nn_act_kind kind);
/* <<public declarations>> */
void nn_act_forward(const nn_act *f, size_t rows, size_t cols, const nn_real *x,
                    nn_real *y);
void nn_act_backward(const nn_act *f, size_t rows, size_t cols, const nn_real *x,
                     const nn_real *y, const nn_real *dy, nn_real *dx);
/* <<public declarations>> */
/* Loss functions.  Every loss is the mean over the batch (PyTorch's
   reduction 'mean'); see the chapter on losses. */
typedef enum nn_loss_kind {
    NN_LOSS_MSE, NN_LOSS_MAE, NN_LOSS_HUBER, NN_LOSS_BCE_LOGITS,
    NN_LOSS_SOFTMAX_CE, NN_LOSS_NLL
} nn_loss_kind;

typedef struct nn_loss {
    nn_loss_kind kind;
    double delta;       /* Huber's delta (default 1) */
} nn_loss;
/* <<public declarations>> */
nn_loss     nn_loss_default(nn_loss_kind kind);
nn_status   nn_loss_parse(const char *name, nn_loss *out);
const char *nn_loss_name(nn_loss_kind kind);
int         nn_loss_uses_labels(nn_loss_kind kind);   /* softmax CE and NLL */
/* <<public declarations>> */
/* Mean-reduced loss of a B x C batch of predictions (or logits or
   log-probabilities).  Targets: `target` (B x C reals) for MSE, MAE, Huber
   and BCE; `labels` (B ints in [0,C)) for softmax CE and NLL; the other
   pointer may be NULL.  If grad != NULL it receives d(loss)/d(pred), B x C.
   Sums are accumulated in double.  Invalid arguments: NaN, grad untouched. */
double nn_loss_eval(const nn_loss *L, size_t B, size_t C, const nn_real *pred,
                    const nn_real *target, const int *labels, nn_real *grad);

#endif /* NN_H */

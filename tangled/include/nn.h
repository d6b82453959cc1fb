/* Tangled from book/100-neuron.nw by 'make tangle'. Edit the book, not this file. */
#ifndef NN_H
#define NN_H

/* <<standard headers that nn.h needs>> */
#include <float.h>
#include <stddef.h>
#include <stdint.h>
/* <<standard headers that nn.h needs>> */
#include <signal.h>

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
/* <<the scalar type nn_real>> */
#ifdef NN_DOUBLE
#define NN_PRECISION_LINK nn_library_is_double_precision
#else
#define NN_PRECISION_LINK nn_library_is_single_precision
#endif
extern const int NN_PRECISION_LINK;         /* defined by the library */
__attribute__((used))   /* kept, so that the reference is too */
static const int *const nn_precision_link = &NN_PRECISION_LINK;

/* Status codes and error messages: how every function reports failure. */
/* <<nn.h: status and errors>> */
typedef enum nn_status {
    NN_OK = 0,          /* success */
    NN_EINVAL,          /* an argument the function cannot work with */
    /* <<further status codes>> */
    NN_ENOMEM,          /* memory could not be allocated */
    /* <<further status codes>> */
    NN_EIO,             /* a file could not be opened or read */
    NN_EFORMAT,         /* a file's content is malformed */
    NN_EDIVERGED,       /* training produced a loss that is not a finite number */
    NN_ESTOPPED,        /* training stopped because the caller asked it to */
} nn_status;
/* <<nn.h: status and errors>> */
/* A short message for a status, a string constant; "unknown status" for a
   value that is not one. */
const char *nn_strerror(nn_status s);
/* <<nn.h: status and errors>> */
/* A status with a message for the reader.  Pass NULL to ignore messages. */
typedef struct nn_error {
    nn_status status;
    char      msg[512];
} nn_error;

/* Sets err->status to s and err->msg to fmt formatted as printf does
   (truncated to fit).  err may be NULL: nothing is set.  Returns s. */
nn_status nn_error_set(nn_error *err, nn_status s, const char *fmt, ...);

/* Random numbers. */
/* <<nn.h: random numbers>> */
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
void     nn_rng_skip(nn_rng *r, uint64_t n);     /* as if n u32 were drawn */
/* <<nn.h: random numbers>> */
/* The generator's parts, for code that steps many states at once: the
   multiplier of its congruence, and the permutation that makes a number
   of a state (nn_rng_u32 returns that of the state before its step). */
#define NN_RNG_MULTIPLIER 6364136223846793005ULL
static inline uint32_t nn_rng_permute(uint64_t old)
{
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

/* Neurons: one unit, the perceptron and linear regression. */
/* <<nn.h: neurons>> */
/* A neuron: z = x . w + b.  w has n_in entries. */
typedef struct nn_neuron {
    size_t   n_in;
    nn_real *w;
    nn_real  b;
} nn_neuron;

/* The pre-activation z = x . w + b of u for one input x (u->n_in numbers),
   and the step function (eq:step): 1 if z >= 0, else 0. */
nn_real nn_neuron_preactivation(const nn_neuron *u, const nn_real *x);
int     nn_step(nn_real z);
/* <<nn.h: neurons>> */
/* The perceptron: predict is step(z) for input x, 0 or 1.  update applies
   (eq:perceptron) for one example x with target t (0 or 1) at rate eta and
   returns 1 if it was a mistake (u changed), 0 if not.  epoch updates on the
   m rows of X (m x n_in, row-major) in order, targets t (m), and returns the
   number of mistakes. */
int    nn_perceptron_predict(const nn_neuron *u, const nn_real *x);
int    nn_perceptron_update(nn_neuron *u, const nn_real *x, int t,
                            nn_real eta);
size_t nn_perceptron_epoch(nn_neuron *u, size_t m, const nn_real *X,
                           const int *t, nn_real eta);
/* <<nn.h: neurons>> */
/* A linear neuron (identity activation) on m examples, X m x n_in row-major,
   targets y (m).  nn_linear_mse: the mean squared error, summed in double.
   nn_linear_mse_grad: its gradient (eq:mse-grad) into dw (n_in) and *db.
   nn_linear_gd_step: one gradient-descent step (eq:gd) of rate eta on u; dw
   is the caller's scratch for n_in numbers.  nn_least_squares_line: the line
   y = w x + b of least squares through m points (eq:least-squares) into *w
   and *b; NN_EINVAL, *w and *b untouched, if m < 2 or all x are equal. */
double nn_linear_mse(const nn_neuron *u, size_t m, const nn_real *X,
                     const nn_real *y);
void   nn_linear_mse_grad(const nn_neuron *u, size_t m, const nn_real *X,
                          const nn_real *y, nn_real *dw, nn_real *db);
void   nn_linear_gd_step(nn_neuron *u, size_t m, const nn_real *X,
                         const nn_real *y, nn_real eta, nn_real *dw);
nn_status nn_least_squares_line(size_t m, const nn_real *x, const nn_real *y,
                                nn_real *w, nn_real *b);

/* Linear algebra: the dot product and the matrix product. */
/* <<nn.h: linear algebra>> */
/* The dot product of a and b, n numbers each (0 when n is 0). */
nn_real nn_dot(size_t n, const nn_real *a, const nn_real *b);
/* <<nn.h: linear algebra>> */
/* Matrix multiplication, BLAS style, row-major.
   C = alpha * op(A) op(B) + beta * C, where op(A) is M x K, op(B) is K x N and
   C is M x N; op(X) is X or its transpose, as ta and tb say.  lda, ldb and ldc
   are the row strides.  beta == 0 means C is not read (it may hold NaN). */
typedef enum nn_trans { NN_NO_TRANS = 0, NN_TRANS = 1 } nn_trans;

/* The product itself, C = alpha * op(A) op(B) + beta * C as above: blocked,
   vectorised and threaded. */
void nn_gemm(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K, nn_real alpha,
             const nn_real *A, size_t lda, const nn_real *B, size_t ldb,
             nn_real beta, nn_real *C, size_t ldc);

/* The same product computed by the plain loops of the definition: the reference
   implementation that tests and benchmarks compare nn_gemm with. */
void nn_gemm_ref(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K,
                 nn_real alpha, const nn_real *A, size_t lda, const nn_real *B,
                 size_t ldb, nn_real beta, nn_real *C, size_t ldc);
/* <<nn.h: linear algebra>> */
/* nn_gemm with the portable micro-kernel on every processor: the same
   blocking, packing and threads. */
void nn_gemm_portable(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K,
                      nn_real alpha, const nn_real *A, size_t lda, const nn_real *B,
                      size_t ldb, nn_real beta, nn_real *C, size_t ldc);
/* <<nn.h: linear algebra>> */
/* The micro-kernels of nn_gemm; nn_gemm uses the fastest this processor has. */
typedef enum nn_gemm_kernel {
    NN_GEMM_PORTABLE, NN_GEMM_AVX2, NN_GEMM_AVX512,
    NN_GEMM_KERNEL_COUNT        /* how many kernels; not a kernel */
} nn_gemm_kernel;

/* 1 if this processor can run kernel k, 0 if not (or k is out of range); the
   portable kernel runs everywhere. */
int nn_gemm_kernel_available(nn_gemm_kernel k);

/* nn_gemm with kernel k and the same blocking, packing and threads; a kernel
   that is not available is replaced by the portable one. */
void nn_gemm_using(nn_gemm_kernel k, nn_trans ta, nn_trans tb, size_t M, size_t N,
                   size_t K, nn_real alpha, const nn_real *A, size_t lda,
                   const nn_real *B, size_t ldb, nn_real beta, nn_real *C, size_t ldc);
/* <<nn.h: linear algebra>> */
/* Called when rows i0 .. i0+m-1, columns j0 .. j0+n-1 of C hold their final
   values, once for each element, from the thread that computed them. */
typedef void nn_gemm_done(void *ctx, size_t i0, size_t m, size_t j0, size_t n);

/* nn_gemm, and then done(ctx, ...) on every block of C as it is finished. */
void nn_gemm_then(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K, nn_real alpha,
                  const nn_real *A, size_t lda, const nn_real *B, size_t ldb,
                  nn_real beta, nn_real *C, size_t ldc, nn_gemm_done *done, void *ctx);
/* <<nn.h: linear algebra>> */
/* Called with a finished block, rows i0 .. i0+m-1 and columns j0 .. j0+n-1
   of C: its element (i0 + r, j0 + q) is c[r * ldc + q]. */
typedef void nn_gemm_block_fn(void *ctx, size_t i0, size_t m, size_t j0, size_t n,
                              const nn_real *c, size_t ldc);

/* C = alpha op(A) op(B) (beta 0), handed to fn block by block, each element
   once, from the thread that computed it.  C is a work area: a block may be
   handed over from a scratch of the product's and never stored in C, so
   C's contents afterwards are unspecified. */
void nn_gemm_blocks(nn_trans ta, nn_trans tb, size_t M, size_t N, size_t K,
                    nn_real alpha, const nn_real *A, size_t lda, const nn_real *B,
                    size_t ldb, nn_real *C, size_t ldc, nn_gemm_block_fn *fn,
                    void *ctx);

/* Activation functions. */
/* <<nn.h: activations>> */
typedef enum nn_act_kind {
    NN_ACT_IDENTITY, NN_ACT_STEP, NN_ACT_SIGMOID, NN_ACT_TANH, NN_ACT_RELU,
    NN_ACT_LEAKY_RELU, NN_ACT_ELU, NN_ACT_GELU_ERF, NN_ACT_GELU_TANH,
    NN_ACT_SOFTPLUS, NN_ACT_SOFTMAX, NN_ACT_LOG_SOFTMAX,
    NN_ACT_COUNT                /* how many kinds; not a kind (range checks) */
} nn_act_kind;

typedef struct nn_act {
    nn_act_kind kind;
    double alpha;       /* leaky ReLU slope (default 0.01), ELU alpha (default 1) */
    double beta;        /* softplus beta (default 1) */
    double threshold;   /* softplus threshold (default 20) */
} nn_act;
/* <<nn.h: activations>> */
/* An activation with its default parameters (see nn_act).  parse: the one
   named name, with default parameters, into *out; NN_EINVAL (out untouched)
   for an unknown name or NULL.  name: a kind's name, "unknown" out of range. */
nn_act      nn_act_default(nn_act_kind kind);
nn_status   nn_act_parse(const char *name, nn_act *out);
const char *nn_act_name(nn_act_kind kind);
/* <<nn.h: activations>> */
/* Forward: y = f(x) for a rows x cols array (row-major): softmax and
   log-softmax along each row, every other kind element-wise; y may be x.
   Backward: dx = dL/dx from dy = dL/dy, the vector-Jacobian product of each
   row (eq:act-vjp), given the forward pass's x and y; dx may be dy. */
void nn_act_forward(const nn_act *f, size_t rows, size_t cols, const nn_real *x,
                    nn_real *y);
void nn_act_backward(const nn_act *f, size_t rows, size_t cols, const nn_real *x,
                     const nn_real *y, const nn_real *dy, nn_real *dx);
/* <<nn.h: activations>> */
/* The logistic sigmoid 1 / (1 + e^-x) of one number, computed so that exp
   never overflows (e^x / (1 + e^x) for negative x). */
double nn_sigmoid(double x);

/* Loss functions. */
/* <<nn.h: losses>> */
/* Loss functions.  Every loss is the mean over the batch (PyTorch's
   reduction 'mean'); see the chapter on losses. */
typedef enum nn_loss_kind {
    NN_LOSS_MSE, NN_LOSS_MAE, NN_LOSS_HUBER, NN_LOSS_BCE_LOGITS,
    NN_LOSS_SOFTMAX_CE, NN_LOSS_NLL,
    NN_LOSS_COUNT       /* not a kind: the number of kinds */
} nn_loss_kind;

typedef struct nn_loss {
    nn_loss_kind kind;
    double delta;       /* Huber's delta (default 1) */
    double target_off, target_on;   /* one-hot targets of labels (0 and 1) */
} nn_loss;
/* <<nn.h: losses>> */
nn_loss     nn_loss_default(nn_loss_kind kind);
nn_status   nn_loss_parse(const char *name, nn_loss *out);
const char *nn_loss_name(nn_loss_kind kind);
int         nn_loss_uses_labels(nn_loss_kind kind);   /* softmax CE and NLL */
/* <<nn.h: losses>> */
/* Mean-reduced loss of a B x C batch of predictions (or logits or
   log-probabilities).  Targets: `target` (B x C reals) for MSE, MAE, Huber
   and BCE; `labels` (B ints in [0,C)) for softmax CE and NLL; the other
   pointer may be NULL.  If grad != NULL it receives d(loss)/d(pred), B x C.
   Sums are accumulated in double.  Invalid arguments: NaN, grad untouched. */
double nn_loss_eval(const nn_loss *L, size_t B, size_t C, const nn_real *pred,
                    const nn_real *target, const int *labels, nn_real *grad);

/* Initialization of weights. */
/* <<nn.h: initialization>> */
/* Random initialisation of an n_in x n_out weight matrix. */
typedef enum nn_init {
    NN_INIT_XAVIER_UNIFORM,     /* U(-a, a), a = sqrt(6 / (n_in + n_out)) */
    NN_INIT_XAVIER_NORMAL,      /* N(0, 2 / (n_in + n_out)) */
    NN_INIT_HE_UNIFORM,         /* U(-a, a), a = sqrt(6 / n_in) */
    NN_INIT_HE_NORMAL,          /* N(0, 2 / n_in) */
    NN_INIT_COUNT               /* how many schemes; not a scheme (range checks) */
} nn_init;

/* nn_init_std: the standard deviation of a scheme for an n_in x n_out matrix,
   (eq:xavier) or (eq:he); 0 when the fan is 0.  nn_init_weights: fills W
   (n_in x n_out, row-major) with draws of that deviation from rng, uniform or
   normal as the scheme says.  nn_init_for: the default scheme for an
   activation: He normal for ReLU, leaky ReLU, ELU and GELU, else Xavier
   uniform. */
double nn_init_std(nn_init kind, size_t n_in, size_t n_out);
void   nn_init_weights(nn_init kind, size_t n_in, size_t n_out, nn_real *W,
                       nn_rng *rng);
nn_init nn_init_for(nn_act_kind kind);
/* <<initialisation schemes by name>> */
/* A scheme from its name ("xavier_uniform", "xavier_normal", "he_uniform",
   "he_normal") into *out: NN_EINVAL (out untouched) for another name or NULL;
   and a scheme's name, "unknown" out of range. */
nn_status   nn_init_parse(const char *name, nn_init *out);
const char *nn_init_name(nn_init kind);

/* Layers (nn-layer.h has the interface for layer authors). */
/* <<nn.h: layers>> */
/* The dense layer Z = X W + b in row format (eq:dense).
   X: B x n_in, W: n_in x n_out, b: 1 x n_out, Z: B x n_out. */
void nn_dense_forward(size_t B, size_t n_in, size_t n_out, const nn_real *X,
                      const nn_real *W, const nn_real *b, nn_real *Z);
/* Its backward pass, given dZ = dL/dZ (B x n_out): dW = X^T dZ (n_in x n_out),
   db = column sums of dZ (1 x n_out), and dX = dZ W^T (B x n_in) unless dX is
   NULL.  dW, db and dX are overwritten. */
void nn_dense_backward(size_t B, size_t n_in, size_t n_out, const nn_real *X,
                       const nn_real *W, const nn_real *dZ, nn_real *dX,
                       nn_real *dW, nn_real *db);
/* The same, but dW += X^T dZ and db += column sums of dZ (dX is overwritten);
   a NULL dX or dW is skipped. */
void nn_dense_backward_add(size_t B, size_t n_in, size_t n_out, const nn_real *X,
                           const nn_real *W, const nn_real *dZ, nn_real *dX,
                           nn_real *dW, nn_real *db);
/* <<nn.h: layers>> */
/* A layer (the backpropagation chapter).  x is B x n_in, y is B x n_out.
   Its table of operations is in nn-layer.h, the header for layer authors. */
typedef struct nn_layer nn_layer;
typedef struct nn_layer_ops nn_layer_ops;
/* <<nn.h: layers>> */
struct nn_layer {
    const nn_layer_ops *ops;
    size_t n_in, n_out;         /* features per example, in and out */
    size_t n_params;            /* trainable numbers */
    size_t n_state;             /* saved numbers that are not trained */
    size_t n_cache, n_cache_row;   /* scratch: fixed, and per example */
    size_t max_batch;           /* the rest is set by nn_layer_bind */
    nn_real *params, *grads;    /* n_params each */
    nn_real *state;             /* n_state */
    nn_real *cache;             /* n_cache + max_batch * n_cache_row */
};
/* <<nn.h: layers>> */
/* For the owner of a layer (a network).  cache_size: the scratch numbers l
   needs for batches of up to max_batch rows, n_cache + max_batch * n_cache_row.
   bind: gives l max_batch and its memory, params and grads (n_params each),
   state (n_state) and cache (cache_size), all the caller's.  init: draws its
   initial parameters from rng (nothing for a layer without).  free: destroys
   l and frees it; NULL is allowed. */
size_t nn_layer_cache_size(const nn_layer *l, size_t max_batch);
void   nn_layer_bind(nn_layer *l, size_t max_batch, nn_real *params, nn_real *grads,
                     nn_real *state, nn_real *cache);
void   nn_layer_init(nn_layer *l, nn_rng *rng);
void   nn_layer_free(nn_layer *l);

/* New layers into *out (NULL on failure), the caller's until added to a
   network: dense, n_in to n_out with W and b (n_in * n_out + n_out parameters)
   initialised by init; an activation f on n features, no parameters.
   NN_EINVAL for a zero size or an unknown scheme or kind, NN_ENOMEM. */
nn_status nn_layer_dense(nn_layer **out, size_t n_in, size_t n_out, nn_init init);
nn_status nn_layer_act(nn_layer **out, size_t n, nn_act f);
/* <<nn.h: layers>> */
/* Inverted dropout (chapter Regularization).  dropout_mask: n factors into m,
   each 0 with probability p and 1 / (1 - p) otherwise, drawn from rng
   (0 <= p < 1).  dropout_apply: y[i] = x[i] * m[i] for n numbers, the
   forward pass and, with dy for x, the backward pass; y may be x. */
void nn_dropout_mask(size_t n, double p, nn_rng *rng, nn_real *m);
void nn_dropout_apply(size_t n, const nn_real *x, const nn_real *m, nn_real *y);
/* <<nn.h: layers>> */
/* A dropout layer on n features into *out (NULL on failure), the caller's
   until added to a network: in training it multiplies each input by a factor
   of nn_dropout_mask drawn from the context's generator (NN_EINVAL from the
   forward pass if that is NULL and p > 0), in evaluation it is the identity.
   No parameters.  NN_EINVAL if n is 0 or p is not in [0, 1), NN_ENOMEM.
   dropout_p: the p of a dropout layer, or -1 for NULL or another kind. */
nn_status nn_layer_dropout(nn_layer **out, size_t n, double p);
double    nn_layer_dropout_p(const nn_layer *l);
/* <<nn.h: layers>> */
/* Batch normalization (the chapter of that name) of n features: 2n
   parameters (gamma, then beta) and 2n numbers of state (the running mean,
   then the running variance), eps > 0 added to the variance, momentum the
   weight of a new batch in the running averages.  A training pass refuses
   batches of one (NN_EINVAL).  NN_EINVAL for n = 0 or eps, momentum out of
   (0, 1) and [0, 1]; NN_ENOMEM. */
#define NN_BN_EPS 1e-5
#define NN_BN_MOMENTUM 0.1
nn_status nn_layer_batchnorm(nn_layer **out, size_t n, double eps, double momentum);
/* <<nn.h: layers>> */
/* Layer normalization (the batch-normalization chapter) of n features per
   example: 2n parameters (gamma, then beta), no state, the same in training
   and evaluation.  NN_EINVAL for n = 0 or eps out of (0, 1); NN_ENOMEM. */
nn_status nn_layer_layernorm(nn_layer **out, size_t n, double eps);
/* <<nn.h: layers>> */
/* The function of an activation layer, or NULL if l is NULL or another kind
   of layer.  The pointer is into the layer. */
const nn_act *nn_layer_act_function(const nn_layer *l);
/* <<nn.h: layers>> */
/* The name of l's kind: "dense", "activation", "batchnorm", "layernorm", ...
   (a string of the library's). */
const char *nn_layer_kind_name(const nn_layer *l);

/* Networks: a sequence of layers that owns their memory. */
/* <<nn.h: networks>> */
/* A network: a sequential stack of layers that owns all their memory. */
typedef struct nn_net nn_net;

nn_status nn_net_create(nn_net **out, size_t n_in);
nn_status nn_net_add(nn_net *net, nn_layer *layer);   /* takes ownership */
nn_status nn_net_build(nn_net *net, size_t max_batch);
void      nn_net_init_params(nn_net *net, nn_rng *rng);
void      nn_net_free(nn_net *net);
nn_status nn_net_mlp(nn_net **out, size_t n_sizes, const size_t *sizes,
                     nn_act hidden, size_t max_batch, nn_rng *rng);
nn_status nn_net_mlp_init(nn_net **out, size_t n_sizes, const size_t *sizes,
                          nn_act hidden, nn_init init, size_t max_batch,
                          nn_rng *rng);
/* <<nn.h: networks>> */
void      nn_net_zero_grad(nn_net *net);
nn_status nn_net_forward(nn_net *net, size_t B, const nn_real *X, int train,
                         nn_rng *rng, const nn_real **Y);   /* rng: NULL if !train */
nn_status nn_net_loss(nn_net *net, const nn_loss *L, const nn_real *target,
                      const int *labels, double *loss);
nn_status nn_net_backward(nn_net *net, const nn_real *dY, nn_real *dX);
nn_status nn_net_loss_backward(nn_net *net, const nn_loss *L, const nn_real *target,
                               const int *labels, double *loss);
/* <<nn.h: networks>> */
/* Read access: widths in and out, the largest batch it is built for (0 before
   nn_net_build), its layers and layer i (NULL if i >= n_layers).  activation
   i: the output of layer i - 1 in the last forward pass (0: the input),
   B x width rows, NULL if not built or i > n_layers.  input: where the
   forward pass keeps its input (max_batch x n_in), NULL if not built; a
   batch written there is not copied.  params, grads, state: the network's
   blocks, which it owns, their length into *n. */
size_t   nn_net_n_in(const nn_net *net);
size_t   nn_net_n_out(const nn_net *net);
size_t   nn_net_max_batch(const nn_net *net);
size_t   nn_net_n_layers(const nn_net *net);
nn_layer *nn_net_layer(nn_net *net, size_t i);
const nn_real *nn_net_activation(const nn_net *net, size_t i);
nn_real *nn_net_input(nn_net *net);
nn_real *nn_net_params(nn_net *net, size_t *n);
nn_real *nn_net_grads(nn_net *net, size_t *n);
nn_real *nn_net_state(nn_net *net, size_t *n);
/* <<nn.h: networks>> */
/* A network as one layer of another (takes ownership of net, which must
   have layers and must not be built yet). */
nn_status nn_layer_net(nn_layer **out, nn_net *net);
/* <<nn.h: networks>> */
/* The layers' parameters in all, usable before the network is built.
   decay_mask: writes n_params bytes into mask, 1 where weight decay applies,
   0 where not (each layer's choice; 1 for all of a layer without one). */
size_t    nn_net_n_params(const nn_net *net);
void      nn_net_decay_mask(const nn_net *net, unsigned char *mask);
/* <<nn.h: networks>> */
/* nn_net_mlp_init with a dropout layer of probability p after every hidden
   activation (none after the input); p = 0: no dropout layers, the network
   of nn_net_mlp_init.  The initial parameters do not depend on p.  NN_EINVAL
   if p is not in [0, 1), and as nn_net_mlp_init. */
nn_status nn_net_mlp_dropout(nn_net **out, size_t n_sizes, const size_t *sizes,
                             nn_act hidden, nn_init init, double p,
                             size_t max_batch, nn_rng *rng);
/* <<nn.h: networks>> */
/* Normalization after a hidden dense layer (the batch-normalization
   chapter), with PyTorch's constants: none, batch or layer normalization. */
typedef enum nn_norm { NN_NORM_NONE, NN_NORM_BATCH, NN_NORM_LAYER,
                       NN_NORM_COUNT } nn_norm;

/* An MLP as nn_net_mlp_init makes, with norm[k - 1] (n_sizes - 2 entries; NULL:
   none) between hidden dense layer k and its activation, and, if p > 0, a
   dropout layer of rate p after each hidden activation (as nn_net_mlp_dropout).
   NN_EINVAL for fewer than 2 sizes, a bad kind or p outside [0, 1), NN_ENOMEM;
   *out NULL on failure. */
nn_status nn_net_mlp_norm(nn_net **out, size_t n_sizes, const size_t *sizes,
                          const nn_norm *norm, nn_act hidden, nn_init init,
                          double p, size_t max_batch, nn_rng *rng);

/* A normalization layer of kind batch or layer on n features, with
   PyTorch's constants (NN_BN_EPS, NN_BN_MOMENTUM).  The caller's;
   NN_EINVAL for another kind or n = 0, NN_ENOMEM; *out NULL on failure. */
nn_status nn_layer_norm(nn_layer **out, nn_norm kind, size_t n);
/* <<nn.h: networks>> */
/* A residual block (the chapter "Residual connections"): y = phi(x + F(x)),
   or x + F(x) when post is NULL, with F the network body, whose ownership
   it takes (also on failure); body has layers and is not built.  When F's
   output width differs from its input width, the skip is a dense layer
   without activation, initialised by proj_init.  Initialising the block
   multiplies the parameters of body's last layer by scale (1: as drawn).
   NN_EINVAL for a body without layers or already built, an unknown
   activation or a negative scale; NN_ENOMEM. */
nn_status nn_layer_residual(nn_layer **out, nn_net *body, const nn_act *post,
                            nn_init proj_init, double scale);
/* <<nn.h: networks>> */
/* An MLP as nn_net_mlp_norm builds it (norm: NULL or n_sizes - 2 kinds; p:
   dropout, 0 for none), with n_blocks blocks after the first hidden layer
   (sizes[1] wide, so n_sizes >= 3): each is dense, norm[0], hidden,
   dropout, dense, norm[0] and the skip, then hidden and dropout after the
   sum; with skips == 0 the same layers without the skip, the plain network
   of the same depth and the same initial parameters.  The caller's;
   NN_EINVAL for bad sizes, kinds or p, NN_ENOMEM. */
nn_status nn_net_mlp_blocks(nn_net **out, size_t n_sizes, const size_t *sizes,
                            const nn_norm *norm, nn_act hidden, nn_init init,
                            double p, size_t n_blocks, int skips, size_t max_batch,
                            nn_rng *rng);
/* <<nn.h: networks>> */
/* Profile the layers: seconds is NULL (the default: no clock is read) or
   an array of nn_net_n_layers(net) numbers, to which every later forward
   and backward pass adds the seconds each layer took, its optimizer step
   included; the caller zeroes the array and keeps it alive. */
void nn_net_profile(nn_net *net, double *seconds);

/* Gradient checks by finite differences. */
/* <<nn.h: gradient checks>> */
typedef double nn_objective(void *ctx);    /* the scalar at the current point */

typedef struct nn_gradcheck_result {
    size_t n_checked;
    double max_err;             /* the largest relative error */
    size_t worst;               /* the index where it occurs */
    double analytic, numeric;   /* the two derivatives there */
} nn_gradcheck_result;

/* error: |analytic - numeric| / max(|analytic|, |numeric|, floor); 0 if that
   scale is 0, infinity if NaN.  nn_gradcheck: compares grad (n) with central
   differences of f with step h in each x[i] (restored after), the worst into
   res.  nn_net_gradcheck: the same for a built network's parameters and its
   inputs X (B x n_in), loss L on target or labels; each evaluation runs in
   training mode with a fresh copy of *rng (rng may be NULL).  NN_EINVAL if
   B is 0 or above max_batch, NN_ENOMEM.  defaults: h, floor and the
   tolerance for the precision nn_real has. */
double nn_gradcheck_error(double analytic, double numeric, double floor);
void   nn_gradcheck(nn_objective *f, void *ctx, size_t n, nn_real *x,
                    const nn_real *grad, double h, double floor,
                    nn_gradcheck_result *res);
nn_status nn_net_gradcheck(nn_net *net, const nn_loss *L, size_t B, const nn_real *X,
                           const nn_real *target, const int *labels,
                           const nn_rng *rng, double h, double floor,
                           nn_gradcheck_result *params, nn_gradcheck_result *inputs);
void   nn_gradcheck_defaults(double *h, double *floor, double *tol);

/* Datasets: loading, splitting, gathering a mini-batch. */
/* <<nn.h: datasets>> */
/* A labelled dataset in row format: n examples of
   n_features = rows * cols numbers, and a label in [0, n_classes) for each.
   memory owns x and labels; a view into another dataset has memory == NULL. */
typedef struct nn_dataset {
    size_t   n, rows, cols, n_features, n_classes;
    nn_real *x;                 /* n * n_features */
    int     *labels;            /* n */
    void    *memory;
    /* <<a dataset's features kept as bytes>> */
    unsigned char *x8;          /* or, when x is NULL: n * n_features bytes */
    nn_real *x8_value;          /* 256: the feature each byte value stands for
                                   (the owner's table, shared by its views) */
} nn_dataset;

/* alloc: n examples of rows * cols features, uninitialised, in one block d
   owns (*d zeroed on failure); NN_EINVAL for a zero size or overflow,
   NN_ENOMEM.  free: frees what d owns (nothing for a view), zeroes *d; NULL
   is allowed.  view: examples first to first + n, clamped to d, sharing d's
   memory.  rows: the features of B examples from first, B x n_features,
   either in place or converted into X (room for B rows). */
nn_status  nn_dataset_alloc(nn_dataset *d, size_t n, size_t rows, size_t cols,
                            size_t n_classes);
void       nn_dataset_free(nn_dataset *d);
nn_dataset nn_dataset_view(const nn_dataset *d, size_t first, size_t n);
const nn_real *nn_dataset_rows(const nn_dataset *d, size_t first, size_t B,
                               nn_real *X);
/* <<nn.h: datasets>> */
nn_status nn_idx_load(const char *images_path, const char *labels_path,
                      size_t n_classes, nn_dataset *out, nn_error *err);
nn_status nn_mnist_load(const char *dir, const char *prefix, nn_dataset *out,
                        nn_error *err);
const char *nn_mnist_dir(const char *given);    /* NULL or "": the default */
/* <<nn.h: datasets>> */
nn_status nn_dataset_affine(nn_dataset *d, double a, double c);  /* x <- a x + c */
void nn_dataset_moments(const nn_dataset *d, double *mean, double *std);
/* <<nn.h: datasets>> */
/* shuffle: permutes idx (n) uniformly in place (Fisher-Yates); NN_EINVAL if
   n >= 2^32.  split: shuffles d's examples in place (not if rng is NULL),
   then makes train the first d->n - n_val and val the last n_val, views into
   d; NN_EINVAL if n_val > d->n or d->n >= 2^32. */
nn_status nn_shuffle(size_t n, size_t *idx, nn_rng *rng);
nn_status nn_dataset_split(nn_dataset *d, size_t n_val, nn_rng *rng,
                           nn_dataset *train, nn_dataset *val);
/* <<nn.h: datasets>> */
/* gather: the B examples idx[0..B) of d into X (B x n_features) and their
   labels into labels (B).  onehot: T (B x C) is off everywhere except on at
   column labels[r] of each row r. */
void nn_dataset_gather(const nn_dataset *d, size_t B, const size_t *idx, nn_real *X,
                       int *labels);
void nn_onehot(size_t B, size_t C, const int *labels, nn_real off, nn_real on,
               nn_real *T);
/* <<nn.h: datasets>> */
/* Data augmentation: random transforms of training images, drawn from a
   seeded generator (chapter "Regularization"). */
enum { NN_AUG_SHIFT = 1, NN_AUG_ROTATE = 2, NN_AUG_ELASTIC = 4, NN_AUG_ALL = 7 };
typedef struct nn_augment {
    unsigned transforms;        /* a set of NN_AUG_* bits; 0: none */
    unsigned shift;             /* up to this many pixels each way, per axis */
    double   rotate;            /* up to this many degrees either way */
    double   alpha, sigma;      /* elastic: scale and smoothing, in pixels */
    double   background;        /* the value of a pixel outside the frame */
} nn_augment;

/* defaults: no transform, with the sizes of the book's experiments ready
   (shift 2, rotate 10, alpha 34, sigma 4, background 0).  check: NULL if a
   fits images of rows x cols, else why not (a static string).  name and
   parse: "shift", "rotate", "elastic" for one NN_AUG_* bit; parse reads a
   comma-separated list into *transforms (NN_EINVAL for a name it does not
   know, or an empty list). */
nn_augment  nn_augment_defaults(void);
const char *nn_augment_check(const nn_augment *a, size_t rows, size_t cols);
const char *nn_augment_name(unsigned transform);
nn_status   nn_augment_parse(const char *list, unsigned *transforms);
/* <<nn.h: datasets>> */
/* work: the nn_reals of work space that augmenting images of n_features
   pixels needs.  batch: transforms each of the B images of X (B x rows x
   cols, row-major) in place, drawing from rng; work as large as
   nn_augment_work says.  NN_EINVAL if nn_augment_check refuses a. */
size_t    nn_augment_work(const nn_augment *a, size_t n_features);
nn_status nn_augment_batch(const nn_augment *a, size_t B, size_t rows, size_t cols,
                           nn_real *X, nn_real *work, nn_rng *rng);
/* <<nn.h: datasets>> */
/* fold: fold k of K (0 <= k < K, 2 <= K <= d->n) of d: val is a view of the
   examples from floor(k n / K) to floor((k + 1) n / K) of d, train a copy of
   all the others in their order, kept as d is (numbers or bytes); the
   caller frees train with nn_dataset_free (*train zeroed on failure).
   NN_EINVAL for a bad K or k, NN_ENOMEM. */
nn_status nn_dataset_fold(const nn_dataset *d, size_t K, size_t k,
                          nn_dataset *train, nn_dataset *val);
/* <<nn.h: datasets>> */
/* mean_spread: the mean of the n values v and their sample standard
   deviation (divisor n - 1; 0 when n < 2) into *mean and *spread. */
void nn_mean_spread(size_t n, const double *v, double *mean, double *spread);
/* <<nn.h: datasets>> */
/* Datasets kept as bytes: x is NULL, x8 holds the features. */
nn_status nn_dataset_alloc_bytes(nn_dataset *d, size_t n, size_t rows, size_t cols,
                                 size_t n_classes);
nn_status nn_idx_load_bytes(const char *images_path, const char *labels_path,
                            size_t n_classes, nn_dataset *out, nn_error *err);
nn_status nn_mnist_load_bytes(const char *dir, const char *prefix, nn_dataset *out,
                              nn_error *err);
/* <<nn.h: datasets>> */
/* Ask the memory for the B examples idx[0..B) of d without waiting, so that
   a gather of them soon after finds them in the cache; changes nothing else. */
void nn_dataset_prefetch(const nn_dataset *d, size_t B, const size_t *idx);

/* Optimizers: what updates the parameters from their gradients. */
/* <<nn.h: optimizers>> */
/* Plain gradient descent (eq:gd) on a block: params[i] -= lr * grads[i]. */
void nn_gd_step(size_t n, nn_real *params, const nn_real *grads, nn_real lr);
/* <<nn.h: optimizers>> */
/* Optimizers (one row per kind in optim_table).  An optimizer updates a
   block of n parameters from their gradients and keeps its own state. */
typedef enum nn_optim_kind {
    NN_OPTIM_SGD,
    /* <<further optimizer kinds>> */
    NN_OPTIM_ADAGRAD,
    /* <<further optimizer kinds>> */
    NN_OPTIM_RMSPROP,
    /* <<further optimizer kinds>> */
    NN_OPTIM_ADAM,
    NN_OPTIM_ADAMW,
    NN_OPTIM_COUNT              /* not a kind: the number of kinds */
} nn_optim_kind;

typedef struct nn_optim_config {
    nn_optim_kind kind;
    double lr;                  /* eta */
    double weight_decay;        /* lambda: adds lambda * theta to the gradient */
    double momentum;            /* mu (0: none) */
    double dampening;           /* tau */
    int    nesterov;
    /* <<further optimizer hyperparameters>> */
    double eps;                 /* added to the root (AdaGrad, RMSProp, Adam) */
    double lr_decay;            /* AdaGrad: delta, eta / (1 + (t - 1) delta) */
    double initial_accumulator_value;   /* AdaGrad: s_0 */
    /* <<further optimizer hyperparameters>> */
    double alpha;               /* RMSProp: decay of the average of g^2 */
    int    centered;            /* RMSProp: divide by the deviation, not the RMS */
    /* <<further optimizer hyperparameters>> */
    double beta1, beta2;        /* Adam, AdamW: decays of the two moments */
    int    decay_biases;        /* all: decay biases too (PyTorch's default) */
} nn_optim_config;
/* <<nn.h: optimizers>> */
/* An optimizer: its configuration and its state; opaque. */
typedef struct nn_optim nn_optim;

nn_optim_config nn_optim_default(nn_optim_kind kind);
nn_optim_config nn_optim_suggested(nn_optim_kind kind);
nn_status   nn_optim_parse(const char *name, nn_optim_config *out);
const char *nn_optim_name(nn_optim_kind kind);
const char *nn_optim_check(const nn_optim_config *cfg);   /* NULL: valid */
nn_status   nn_optim_create(nn_optim **out, const nn_optim_config *cfg, size_t n);
void        nn_optim_step(nn_optim *o, nn_real *params, const nn_real *grads);
void        nn_optim_begin_step(nn_optim *o);          /* the two halves of a step */
void        nn_optim_update(const nn_optim *o, size_t at, size_t n, nn_real *params,
                            const nn_real *grads);  /* at..at+n-1; grads: theirs */
void        nn_optim_set_lr(nn_optim *o, double lr);
double      nn_optim_lr(const nn_optim *o);
size_t      nn_optim_size(const nn_optim *o);
void        nn_optim_free(nn_optim *o);
/* <<nn.h: optimizers>> */
/* set_decay_mask: weight decay only where mask (o's n bytes, copied) is
   nonzero; NULL: everywhere.  NN_ENOMEM.  decay_from_net: net's mask, unless
   decay_biases is set, weight_decay is 0 or o has a mask already; NN_EINVAL
   if net's parameters are not o's n, NN_ENOMEM. */
nn_status nn_optim_set_decay_mask(nn_optim *o, const unsigned char *mask);
nn_status nn_optim_decay_from_net(nn_optim *o, const nn_net *net);
/* <<nn.h: optimizers>> */
/* Gradient clipping (chapter on optimizers): if the global norm of the n
   gradients exceeds max_norm, scale them to norm max_norm (eq. opt-clip).
   Returns the norm before clipping. */
double nn_clip_grad_norm(size_t n, nn_real *grads, double max_norm);
/* <<nn.h: optimizers>> */
/* An optimizer's state, for checkpoints.  get_config: the configuration as
   it is now (the last learning rate set).  steps: t, the steps taken;
   set_steps: sets it.  slots: the optimizer's own numbers (slots per
   parameter x the parameters), *n their count; NULL and 0 for a kind that
   keeps none.  The block is the optimizer's; a caller may overwrite it. */
nn_optim_config nn_optim_get_config(const nn_optim *o);
long            nn_optim_steps(const nn_optim *o);
void            nn_optim_set_steps(nn_optim *o, long t);
nn_real        *nn_optim_slots(nn_optim *o, size_t *n);

/* Schedules of the learning rate. */
/* <<nn.h: schedules>> */
/* Learning-rate schedules (chapter on optimizers): the rate eta_t after t
   scheduler steps, for an optimizer whose base rate is base_lr. */
typedef enum nn_sched_kind {
    NN_SCHED_CONSTANT,          /* eta_t = base_lr */
    NN_SCHED_STEP,              /* eq. sched-step */
    NN_SCHED_EXP,               /* eq. sched-exp */
    NN_SCHED_COSINE,            /* eq. sched-cosine */
    NN_SCHED_WARMUP_COSINE,     /* eq. sched-warmup */
    NN_SCHED_PLATEAU,           /* eq. sched-plateau */
    NN_SCHED_COUNT              /* not a kind: the number of kinds */
} nn_sched_kind;
/* <<nn.h: schedules>> */
typedef struct nn_sched_config {
    nn_sched_kind kind;
    double base_lr;             /* eta_0 */
    long   step_size;           /* step: k */
    double gamma;               /* step, exp: the factor */
    long   t_max;               /* cosine: T; warmup-cosine: the total T */
    long   warmup;              /* warmup-cosine: W */
    double start_factor;        /* warmup-cosine: s */
    double min_lr;              /* cosine, warmup-cosine, plateau: the floor */
    double factor;              /* plateau: f */
    long   patience;            /* plateau: p */
    double threshold;           /* plateau: zeta (relative) */
} nn_sched_config;
/* <<nn.h: schedules>> */
typedef struct nn_schedule {
    nn_sched_config cfg;
    long   t;                   /* scheduler steps taken */
    double lr;                  /* eta_t */
    double best;                /* plateau: the best loss so far */
    long   bad;                 /* plateau: epochs without improvement */
} nn_schedule;
/* <<nn.h: schedules>> */
nn_sched_config nn_sched_default(nn_sched_kind kind, double base_lr);
nn_status   nn_sched_parse(const char *name, double base_lr, nn_sched_config *out);
const char *nn_sched_name(nn_sched_kind kind);
const char *nn_sched_check(const nn_sched_config *c);        /* NULL: valid */
nn_status   nn_sched_init(nn_schedule *s, const nn_sched_config *c);
double      nn_sched_step(nn_schedule *s, double val_loss);

/* Training: the loop over epochs, and what it reports. */
/* <<nn.h: training>> */
/* The training loop: what it reports to its caller. */
typedef struct nn_progress {
    size_t epoch, epochs;       /* the current epoch (from 1) and how many */
    size_t done, total;         /* examples of this epoch so far, and in all */
    double loss;                /* mean training loss of the epoch so far */
    double seconds;             /* since the epoch began */
} nn_progress;

typedef struct nn_epoch_stats {
    size_t epoch;               /* 0: before training */
    double train_loss, train_acc;   /* means over the epoch's steps; NaN at 0 */
    double val_loss, val_acc;       /* NaN without a validation set */
    double seconds;             /* time spent training in this epoch */
} nn_epoch_stats;
/* <<nn.h: training>> */
typedef struct nn_train_config {
    size_t  epochs, batch;
    nn_loss loss;
    int     shuffle;                /* 1: a new order every epoch */
    void  (*on_progress)(void *ctx, const nn_progress *p);    /* may be NULL */
    int   (*on_epoch)(void *ctx, const nn_epoch_stats *s);    /* nonzero: stop */
    void   *ctx;                    /* passed to both */
    const volatile sig_atomic_t *stop;  /* NULL, or nonzero: stop before a step */
    double  clip_norm;              /* > 0: clip the gradient's global norm */
    /* <<the training configuration's augmentation>> */
    const nn_augment *augment;  /* NULL: none; the training batches only */
    /* <<the regularization's settings of a run>> */
    double  l1, l2;                 /* penalties on the weights, eq:reg-penalty */
    size_t  patience;               /* > 0: early stopping, keeps the best epoch */
    size_t *best_epoch;             /* NULL, or gets the epoch that was kept */
    /* <<the training configuration's state for resuming>> */
    struct nn_train_state *state;   /* NULL, or kept current; resumed if it has epochs */
} nn_train_config;

nn_train_config nn_train_defaults(void);
double          nn_seconds(void);     /* the monotonic clock, in seconds */
nn_status nn_train(nn_net *net, nn_optim *opt, const nn_train_config *cfg,
                   const nn_dataset *train, const nn_dataset *val, nn_rng *rng,
                   nn_error *err);
/* <<nn.h: training>> */
/* The L1 and L2 penalties on the n parameters w where mask is nonzero (NULL:
   on all): adds l1 * sign(w) + l2 * w to g (unless g is NULL) and returns
   l1 * sum |w| + l2 / 2 * sum w^2 (eq:reg-penalty), in double. */
double nn_penalty(size_t n, const nn_real *w, nn_real *g,
                  const unsigned char *mask, double l1, double l2);
/* <<nn.h: training>> */
/* The state of a run between two epochs: what nn_train keeps from one
   epoch to the next besides the network and the optimizer (section
   "Resuming a run").  A zeroed structure is a run not yet begun; nn_train
   allocates order and best, which the structure owns. */
typedef struct nn_train_state {
    size_t   epochs_done;           /* 0: nothing trained yet */
    size_t   n;                     /* training examples: order's length */
    size_t  *order;                 /* the order after epochs_done epochs */
    nn_rng   rng, layers, augment;  /* the three generators after them */
    size_t   best_epoch, since_best;    /* early stopping (patience > 0) */
    double   best_acc;
    size_t   n_best;                /* 0, or parameters + state of the net */
    nn_real *best;                  /* the best epoch's numbers, or NULL */
} nn_train_state;

/* Frees order and best and zeroes the structure; s may be NULL. */
void nn_train_state_free(nn_train_state *s);
/* <<nn.h: training>> */
/* After nn_net_loss: the backward pass, taking o's step on each layer's
   parameters as soon as their gradient is known: the parameters and o's
   state that nn_net_zero_grad, nn_net_backward and nn_optim_step would
   give; the gradients are left unspecified (the speed chapter). */
nn_status nn_net_backward_step(nn_net *net, nn_optim *o);

/* Evaluation: loss, accuracy and predictions on a dataset. */
/* <<nn.h: evaluation>> */
/* A network's results on a dataset: examples, correct ones, the mean loss and
   the accuracy, correct / n. */
typedef struct nn_eval {
    size_t n, correct;
    double loss, accuracy;
} nn_eval;

/* evaluate: runs net over d in batches of its max_batch into *out.  Unless
   NULL, confusion (C x C, C the classes) counts label-row, prediction-column
   pairs, predicted (d->n) gets each prediction.  NN_EINVAL if d is empty or
   does not fit net, NN_ENOMEM.  argmax: the index of the first largest of v's
   n entries. */
nn_status nn_evaluate(nn_net *net, const nn_loss *L, const nn_dataset *d,
                      nn_eval *out, size_t *confusion, int *predicted);
size_t    nn_argmax(size_t n, const nn_real *v);

/* Model files: saving and loading a trained network. */
/* <<nn.h: model files>> */
/* Model files (chapter "Model files and the trainer", which gives the format). */
#define NN_MODEL_VERSION 2
typedef void nn_save_hook(const char *tmp_path, void *ctx);

/* crc32: the CRC-32 of data (n bytes), continuing from crc (0 to start), as
   zlib's.  save: a built network into path, through a temporary file renamed
   into place; hooked calls hook(tmp_path, ctx) once the temporary file is
   complete.  load: a new network from path, built for max_batch, the caller's.
   load_into: the file's values into a built network of the same architecture.
   All report a failure in err, with a message naming the file. */
uint32_t  nn_crc32(uint32_t crc, const void *data, size_t n);
nn_status nn_model_save(nn_net *net, const char *path, nn_error *err);
nn_status nn_model_save_hooked(nn_net *net, const char *path, nn_save_hook *hook,
                               void *ctx, nn_error *err);
nn_status nn_model_load(nn_net **out, const char *path, size_t max_batch,
                        nn_error *err);
nn_status nn_model_load_into(nn_net *net, const char *path, nn_error *err);
/* <<nn.h: model files>> */
/* A checkpoint: what a run needs besides the network to go on (section
   "Resuming a run").  For save, the caller's objects (opt required);
   from load, the checkpoint's own, freed by nn_checkpoint_free. */
typedef struct nn_checkpoint {
    char           *settings;   /* the run's settings as text, or NULL */
    nn_optim       *opt;        /* the optimizer, with its t and slots */
    int             has_sched;  /* 1: sched is the run's schedule */
    nn_schedule     sched;
    nn_train_state  state;      /* the run after state.epochs_done epochs */
} nn_checkpoint;

/* save: a built network and ck into path, atomically as nn_model_save.
   load: a new network built for max_batch into *net, and the checkpoint
   into *ck (zeroed first); a plain model file without a training state,
   or a damaged state, is an error naming the file.  free: frees what load
   allocated (the settings, the optimizer, the state) and zeroes *ck. */
nn_status nn_checkpoint_save(nn_net *net, const nn_checkpoint *ck, const char *path,
                             nn_error *err);
nn_status nn_checkpoint_load(nn_net **net, nn_checkpoint *ck, const char *path,
                             size_t max_batch, nn_error *err);
void      nn_checkpoint_free(nn_checkpoint *ck);

#endif /* NN_H */

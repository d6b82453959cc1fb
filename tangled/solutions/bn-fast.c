/* Tangled from book/a7-solutions.nw by 'make tangle'. Edit the book, not this file. */
/* Solution of the graded exercise bn-fast. */
#include <math.h>
#include <string.h>
#include "nn-layer.h"
#include "exercise.h"

#define TARGET_ACCURACY 98.0    /* percent of the test images */

/* <<the batch-norm solution's settings>> */
enum { HIDDEN1 = 128, HIDDEN2 = 128, BATCH = 64 };
static const double LR = 0.1, MOMENTUM = 0.9;

/* <<the batch-norm solution's passes>> */
static void bn_forward(size_t B, size_t C, const nn_real *x, const nn_real *gamma,
                       const nn_real *beta, double eps, nn_real *mean, nn_real *var,
                       nn_real *xhat, nn_real *y)
{
    for (size_t j = 0; j < C; j++) {
        double mu = 0, v = 0;
        for (size_t i = 0; i < B; i++)
            mu += x[i * C + j];
        mu /= (double)B;                                /* eq:bn-stats */
        for (size_t i = 0; i < B; i++)
            v += (x[i * C + j] - mu) * (x[i * C + j] - mu);
        v /= (double)B;
        double inv = 1 / sqrt(v + eps);
        for (size_t i = 0; i < B; i++) {
            xhat[i * C + j] = (nn_real)((x[i * C + j] - mu) * inv);  /* eq:bn-xhat */
            y[i * C + j] = gamma[j] * xhat[i * C + j] + beta[j];     /* eq:bn-y */
        }
        mean[j] = (nn_real)mu, var[j] = (nn_real)v;
    }
}
/* <<the batch-norm solution's passes>> */
static void bn_backward(size_t B, size_t C, const nn_real *dy, const nn_real *gamma,
                        const nn_real *xhat, const nn_real *var, double eps,
                        nn_real *dx, nn_real *dgamma, nn_real *dbeta)
{
    for (size_t j = 0; j < C; j++) {
        double sdy = 0, sdyx = 0;
        for (size_t i = 0; i < B; i++)
            sdy += dy[i * C + j], sdyx += (double)dy[i * C + j] * xhat[i * C + j];
        dbeta[j] += (nn_real)sdy, dgamma[j] += (nn_real)sdyx;   /* eq:bn-dparams */
        double k = gamma[j] / ((double)B * sqrt((double)var[j] + eps));
        for (size_t i = 0; i < B; i++)                          /* eq:bn-dx */
            dx[i * C + j] = (nn_real)(k * ((double)B * dy[i * C + j] - sdy
                                           - xhat[i * C + j] * sdyx));
    }
}

/* <<the batch-norm exercise's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
enum { N_IN = 784, N_OUT = 10, EPOCHS = 3 };
static const double PI = 3.14159265358979323846;

static nn_status sbn_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                             const nn_ctx *c)
{
    size_t C = l->n_in;
    nn_real *gamma = l->params, *beta = gamma + C, *rm = l->state, *rv = rm + C;
    nn_real *mean = l->cache, *var = mean + C, *xhat = var + C;
    if (!c->train) {
        /* <<apply the running statistics, in the exercise's layer>> */
        for (size_t j = 0; j < C; j++) {                        /* eq:bn-eval */
            double inv = 1 / sqrt((double)rv[j] + NN_BN_EPS);
            for (size_t i = 0; i < B; i++)
                y[i * C + j] = (nn_real)(gamma[j] * (x[i * C + j] - rm[j]) * inv + beta[j]);
        }
        return NN_OK;
    }
    if (B < 2)
        return NN_EINVAL;
    bn_forward(B, C, x, gamma, beta, NN_BN_EPS, mean, var, xhat, y);
    for (size_t j = 0; j < C; j++) {                    /* eq:bn-running */
        rm[j] = (nn_real)((1 - NN_BN_MOMENTUM) * rm[j] + NN_BN_MOMENTUM * mean[j]);
        rv[j] = (nn_real)((1 - NN_BN_MOMENTUM) * rv[j]
                          + NN_BN_MOMENTUM * var[j] * (double)B / (double)(B - 1));
    }
    return NN_OK;
}
/* <<the batch-norm exercise's scaffolding>> */
static void sbn_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                         const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    size_t C = l->n_in;
    nn_real *gamma = l->params, *var = l->cache + C, *xhat = var + C;
    (void)x, (void)y;
    if (c->train && dx) {
        bn_backward(B, C, dy, gamma, xhat, var, NN_BN_EPS, dx, l->grads,
                    l->grads + C);
    } else if (c->train) {
        ex_die("the exercise's layer needs an input gradient");
    } else {
        for (size_t i = 0; dx && i < B * C; i++)
            dx[i] = (nn_real)(gamma[i % C] * dy[i]
                              / sqrt((double)l->state[C + i % C] + NN_BN_EPS));
    }
}
/* <<the batch-norm exercise's scaffolding>> */
static void sbn_init(nn_layer *l, nn_rng *rng)
{
    (void)rng;
    for (size_t j = 0; j < l->n_in; j++)
        l->params[j] = 1, l->params[l->n_in + j] = 0, l->state[j] = 0,
        l->state[l->n_in + j] = 1;
}

static const nn_layer_ops sbn_ops = {
    .kind = "exercise-bn", .forward = sbn_forward, .backward = sbn_backward,
    .init = sbn_init,
};

static nn_layer *sbn_layer(size_t C)
{
    nn_layer *l = calloc(1, sizeof *l);
    if (!l)
        ex_die("out of memory");
    *l = (nn_layer){ .ops = &sbn_ops, .n_in = C, .n_out = C, .n_params = 2 * C,
                     .n_state = 2 * C, .n_cache = 2 * C, .n_cache_row = C };
    return l;
}
/* <<the batch-norm exercise's scaffolding>> */
static int sbn_differs(const char *what, size_t n, const nn_real *a, const nn_real *b)
{
    double worst = 0, scale = 1e-3;
    for (size_t i = 0; i < n; i++)
        scale = fmax(scale, fabs((double)b[i]));
    for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs((double)a[i] - (double)b[i]));
    if (!(worst <= 1e-4 * scale)) {
        printf("self-check: BUG: %s differs from the library's by %.2g (of %.2g)\n",
               what, worst, scale);
        return 1;
    }
    return 0;
}
/* <<the batch-norm exercise's scaffolding>> */
static void sbn_self_check(void)
{
    enum { B = 16, C = 5 };
    nn_real x[B * C], dy[B * C], y[B * C], xhat[B * C], dx[B * C], p[2 * C];
    nn_real g[2 * C] = { 0 }, mean[C], var[C], ref_mean[C] = { 0 }, ref_var[C] = { 0 };
    nn_real lp[2 * C], lg[2 * C] = { 0 }, ls[2 * C], cache[C + B * C], ly[B * C];
    nn_real ldx[B * C];
    nn_rng r;
    nn_rng_seed(&r, EX_SEED, 3);
    /* <<draw the self-check's batch and compute its statistics>> */
    for (size_t i = 0; i < B * C; i++) {
        x[i] = (nn_real)(nn_rng_normal(&r) * (1 + (double)(i % C)) + (i % C == 4 ? 50 : 0));
        dy[i] = (nn_real)nn_rng_normal(&r);
    }
    for (size_t j = 0; j < 2 * C; j++)
        p[j] = (nn_real)(j < C ? 1 + 0.3 * nn_rng_normal(&r) : 0.3 * nn_rng_normal(&r));
    for (size_t i = 0; i < B * C; i++)
        ref_mean[i % C] += x[i] / B;
    for (size_t i = 0; i < B * C; i++)
        ref_var[i % C] += (x[i] - ref_mean[i % C]) * (x[i] - ref_mean[i % C]) / B;
    nn_layer *l;
    nn_ctx ctx = { 1, NULL };
    if (nn_layer_batchnorm(&l, C, NN_BN_EPS, NN_BN_MOMENTUM) != NN_OK)
        ex_die("cannot create the library's layer");
    memcpy(lp, p, sizeof lp);
    nn_layer_bind(l, B, lp, lg, ls, cache);
    nn_layer_init(l, NULL), memcpy(lp, p, sizeof lp);
    l->ops->forward(l, B, x, ly, &ctx);
    l->ops->backward(l, B, x, ly, dy, ldx, &ctx);
    nn_layer_free(l);
    bn_forward(B, C, x, p, p + C, NN_BN_EPS, mean, var, xhat, y);
    bn_backward(B, C, dy, p, xhat, var, NN_BN_EPS, dx, g, g + C);
    if (!sbn_differs("the mean", C, mean, ref_mean) && !sbn_differs("the variance",
        C, var, ref_var) && !sbn_differs("y", B * C, y, ly)
        && !sbn_differs("dx", B * C, dx, ldx) && !sbn_differs("dgamma", C, g, lg)
        && !sbn_differs("dbeta", C, g + C, lg + C))
        printf("self-check: both passes agree with the library's layer\n");
}
/* <<the batch-norm exercise's scaffolding>> */
static nn_net *sbn_net(nn_rng *rng)
{
    const size_t sizes[] = { N_IN, HIDDEN1, HIDDEN2, N_OUT };
    nn_net *net;
    nn_layer *l;
    if (nn_net_create(&net, N_IN) != NN_OK)
        ex_die("out of memory");
    for (size_t k = 1; k < 4; k++) {
        if (nn_layer_dense(&l, sizes[k - 1], sizes[k], NN_INIT_HE_NORMAL) != NN_OK
            || nn_net_add(net, l) != NN_OK)
            ex_die("cannot build the network");
        if (k < 3 && (nn_net_add(net, sbn_layer(sizes[k])) != NN_OK
                      || nn_layer_act(&l, sizes[k], nn_act_default(NN_ACT_RELU))
                         != NN_OK || nn_net_add(net, l) != NN_OK))
            ex_die("cannot build the network");
    }
    if (nn_net_build(net, BATCH > 1000 ? BATCH : 1000) != NN_OK)
        ex_die("out of memory for the network");
    nn_net_init_params(net, rng);
    return net;
}
/* <<the batch-norm exercise's scaffolding>> */
static nn_net *sbn_library_twin(nn_net *net)
{
    const size_t sizes[] = { N_IN, HIDDEN1, HIDDEN2, N_OUT };
    const nn_norm norm[] = { NN_NORM_BATCH, NN_NORM_BATCH };
    nn_net *twin;
    size_t np, ns, tp, ts;
    if (nn_net_mlp_norm(&twin, 4, sizes, norm, nn_act_default(NN_ACT_RELU),
                        NN_INIT_HE_NORMAL, 0, 1000, NULL) != NN_OK)
        ex_die("cannot build the library's network");
    nn_real *p = nn_net_params(net, &np), *s = nn_net_state(net, &ns);
    nn_real *q = nn_net_params(twin, &tp), *t = nn_net_state(twin, &ts);
    if (np != tp || ns != ts)
        ex_die("the library's network has another layout");
    memcpy(q, p, np * sizeof *p), memcpy(t, s, ns * sizeof *s);
    return twin;
}
/* <<the batch-norm exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    ex_split(&train, &fit, &val);
    sbn_self_check();
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *net = sbn_net(&rng);
    /* <<set up the batch-norm exercise's training>> */
    size_t np, steps = EPOCHS * ((fit.n + BATCH - 1) / BATCH);
    nn_real *params = nn_net_params(net, &np), *grads = nn_net_grads(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = LR, oc.momentum = MOMENTUM;
    nn_optim *opt;
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    nn_real *X = malloc(BATCH * N_IN * sizeof *X);
    int *labels = malloc(BATCH * sizeof *labels);
    size_t *order = malloc(fit.n * sizeof *order);
    if (BATCH < 2 || fit.n % BATCH == 1)
        ex_die("choose a BATCH of at least 2 that leaves no last batch of one image");
    if (!X || !labels || !order || nn_optim_create(&opt, &oc, np) != NN_OK)
        ex_die("out of memory");
    for (size_t k = 0; k < fit.n; k++)
        order[k] = k;
    double seconds = 0;
    printf("bn-fast: 784-%dbn-%dbn-10 ReLU, SGD lr %g momentum %g, batches of %d, "
           "%d epochs\n", HIDDEN1, HIDDEN2, LR, MOMENTUM, BATCH, EPOCHS);
    for (size_t e = 1, step = 0; e <= EPOCHS; e++) {
        /* <<train the batch-norm exercise's network for one epoch>> */
        double sum = 0, t1 = nn_seconds();
        nn_shuffle(fit.n, order, &rng);
        for (size_t i = 0; i < fit.n; i += BATCH, step++) {
            size_t B = fit.n - i < BATCH ? fit.n - i : BATCH;
            const nn_real *Y;
            double loss;
            nn_dataset_gather(&fit, B, order + i, X, labels);
            nn_net_zero_grad(net);                      /* backward adds to them */
            if (nn_net_forward(net, B, X, 1, &rng, &Y) != NN_OK
                || nn_net_loss_backward(net, &L, NULL, labels, &loss) != NN_OK)
                ex_die("a training step failed");
            if (!isfinite(loss))
                ex_die("the loss is not a finite number: lower LR, or check the self-check");
            nn_optim_set_lr(opt, LR * 0.5 * (1 + cos(PI * (double)step / (double)steps)));
            nn_optim_step(opt, params, grads);
            sum += loss * (double)B;
        }
        seconds += nn_seconds() - t1;
        ex_epoch_line(e, sum / (double)fit.n, ex_accuracy(net, &val), seconds);
    }
    nn_net *twin = sbn_library_twin(net);
    ex_report(twin, &test, TARGET_ACCURACY, seconds);
    return 0;
}

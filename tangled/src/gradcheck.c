/* Tangled from book/140-backprop.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"

/* <<the relative error of two derivatives>> */
double nn_gradcheck_error(double analytic, double numeric, double floor)
{
    double scale = fmax(fmax(fabs(analytic), fabs(numeric)), floor);
    double err = scale > 0 ? fabs(analytic - numeric) / scale : 0;
    return isnan(err) ? INFINITY : err;
}

/* <<check an array of derivatives by central differences>> */
void nn_gradcheck(nn_objective *f, void *ctx, size_t n, nn_real *x,
                  const nn_real *grad, double h, double floor,
                  nn_gradcheck_result *res)
{
    *res = (nn_gradcheck_result){ 0 };
    for (size_t i = 0; i < n; i++) {
        nn_real saved = x[i], up = (nn_real)(saved + h), down = (nn_real)(saved - h);
        x[i] = up;
        double f_up = f(ctx);
        x[i] = down;
        double f_down = f(ctx);
        x[i] = saved;
        double numeric = (f_up - f_down) / ((double)up - (double)down);
        double err = nn_gradcheck_error(grad[i], numeric, floor);
        if (res->n_checked++ == 0 || err > res->max_err)
            *res = (nn_gradcheck_result){ res->n_checked, err, i, grad[i], numeric };
    }
}

/* <<the network's loss as an objective>> */
typedef struct net_objective {
    nn_net *net;
    const nn_loss *L;
    size_t B;
    const nn_real *X, *target;
    const int *labels;
    const nn_rng *rng;
} net_objective;

static double net_loss_at(void *ctx)
{
    const net_objective *o = ctx;
    nn_rng r, *rp = NULL;
    if (o->rng)
        r = *o->rng, rp = &r;
    double loss;
    if (nn_net_forward(o->net, o->B, o->X, 1, rp, NULL) != NN_OK
        || nn_net_loss(o->net, o->L, o->target, o->labels, &loss) != NN_OK)
        return NAN;
    return loss;
}

/* <<check a network's gradients>> */
nn_status nn_net_gradcheck(nn_net *net, const nn_loss *L, size_t B, const nn_real *X,
                           const nn_real *target, const int *labels,
                           const nn_rng *rng, double h, double floor,
                           nn_gradcheck_result *params, nn_gradcheck_result *inputs)
{
    size_t n_in = nn_net_n_in(net), n_out = nn_net_n_out(net), np, ns;
    nn_real *p = nn_net_params(net, &np), *g = nn_net_grads(net, &np);
    nn_real *state = nn_net_state(net, &ns);
    if (B == 0 || B > nn_net_max_batch(net))
        return NN_EINVAL;
    nn_real *x = malloc(B * n_in * sizeof *x), *dx = malloc(B * n_in * sizeof *dx);
    nn_real *dy = malloc(B * n_out * sizeof *dy);
    nn_real *saved = malloc((ns + 1) * sizeof *saved);      /* + 1: never malloc(0) */
    nn_status s = x && dx && dy && saved ? NN_OK : NN_ENOMEM;
    if (s == NN_OK) {
        /* <<compute the analytic gradients and compare them with differences>> */
        memcpy(x, X, B * n_in * sizeof *x);
        memcpy(saved, state, ns * sizeof *saved);
        nn_rng r, *rp = NULL;
        if (rng)
            r = *rng, rp = &r;
        const nn_real *Y;
        s = nn_net_forward(net, B, x, 1, rp, &Y);
        if (s == NN_OK)
            s = nn_net_loss(net, L, target, labels, NULL);      /* checks the arguments */
        if (s == NN_OK) {
            nn_loss_eval(L, B, n_out, Y, target, labels, dy);
            nn_net_zero_grad(net);
            s = nn_net_backward(net, dy, dx);
        }
        if (s == NN_OK) {
            net_objective o = { net, L, B, x, target, labels, rng };
            nn_gradcheck(net_loss_at, &o, np, p, g, h, floor, params);
            if (inputs)
                nn_gradcheck(net_loss_at, &o, B * n_in, x, dx, h, floor, inputs);
        }
        memcpy(state, saved, ns * sizeof *saved);
    }
    free(x), free(dx), free(dy), free(saved);
    return s;
}

/* <<the default step, floor and tolerance>> */
void nn_gradcheck_defaults(double *h, double *floor, double *tol)
{
    int is_double = sizeof(nn_real) == sizeof(double);
    *h = is_double ? 1e-5 : 1e-3;
    *floor = is_double ? 1e-6 : 1e-2;
    *tol = is_double ? 1e-6 : 1e-2;
}

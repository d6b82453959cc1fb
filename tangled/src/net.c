/* Tangled from book/140-backprop.nw, book/220-optimizers.nw, book/320-speed.nw by 'make tangle'. Edit the book, not this file. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "nn-layer.h"

/* <<the network's structure>> */
struct nn_net {
    size_t n_in, n_out;         /* widths of the input and of the last layer */
    size_t n_layers, cap;       /* layers in use, room in the array */
    nn_layer **layers;
    size_t max_batch;           /* 0 until built */
    size_t batch;               /* rows of the last forward pass, 0 if none */
    nn_ctx ctx;                 /* the last forward pass's context */
    size_t n_params, n_state;
    size_t widest;              /* the widest layer, input included */
    nn_real *params, *grads, *state;    /* the three blocks */
    nn_real **act;              /* act[0]: input, act[i + 1]: output of layer i */
    nn_real *dbuf[2];           /* gradients between layers, alternately */
    nn_real *memory;            /* the one allocation that holds all of it */
    double *profile;            /* NULL, or seconds per layer (the speed chapter) */
};

/* <<create a network and add layers>> */
nn_status nn_net_create(nn_net **out, size_t n_in)
{
    *out = NULL;
    if (n_in == 0)
        return NN_EINVAL;
    nn_net *net = calloc(1, sizeof *net);
    if (!net)
        return NN_ENOMEM;
    net->n_in = net->n_out = n_in;
    *out = net;
    return NN_OK;
}
/* <<create a network and add layers>> */
nn_status nn_net_add(nn_net *net, nn_layer *layer)
{
    if (!layer)
        return NN_EINVAL;
    if (net->max_batch || layer->n_in != net->n_out) {
        nn_layer_free(layer);
        return NN_EINVAL;
    }
    /* <<make room for one more layer, or free it and fail>> */
    if (net->n_layers == net->cap) {
        size_t cap = net->cap ? 2 * net->cap : 8;
        nn_layer **grown = realloc(net->layers, cap * sizeof *grown);
        if (!grown) {
            nn_layer_free(layer);
            return NN_ENOMEM;
        }
        net->layers = grown;
        net->cap = cap;
    }
    net->layers[net->n_layers++] = layer;
    net->n_out = layer->n_out;
    return NN_OK;
}

/* <<add up what the layers need>> */
static size_t net_need(nn_net *net, size_t max_batch, size_t *n_params,
                       size_t *n_state)
{
    size_t caches = 0, acts = net->n_in, widest = net->n_in;
    *n_params = *n_state = 0;
    for (size_t i = 0; i < net->n_layers; i++) {
        const nn_layer *l = net->layers[i];
        *n_params += l->n_params;
        *n_state += l->n_state;
        caches += nn_layer_cache_size(l, max_batch);
        acts += l->n_out;
        widest = l->n_out > widest ? l->n_out : widest;
    }
    net->n_params = *n_params, net->n_state = *n_state, net->widest = widest;
    return caches + max_batch * (acts + 2 * widest);
}

/* <<hand out the pieces of the allocation>> */
static void net_layout(nn_net *net, size_t max_batch, nn_real *params,
                       nn_real *grads, nn_real *state, nn_real *m)
{
    net->params = params, net->grads = grads, net->state = state;
    net->act[0] = m, m += max_batch * net->n_in;
    size_t p = 0, s = 0;
    for (size_t i = 0; i < net->n_layers; i++) {
        nn_layer *l = net->layers[i];
        nn_layer_bind(l, max_batch, params + p, grads + p, state + s, m);
        p += l->n_params, s += l->n_state;
        m += nn_layer_cache_size(l, max_batch);
        net->act[i + 1] = m, m += max_batch * l->n_out;
    }
    net->dbuf[0] = m, m += max_batch * net->widest;
    net->dbuf[1] = m;
    net->max_batch = max_batch;
}

/* <<build a network: one allocation for everything>> */
nn_status nn_net_build(nn_net *net, size_t max_batch)
{
    if (net->max_batch || net->n_layers == 0 || max_batch == 0)
        return NN_EINVAL;
    size_t np, ns, scratch = net_need(net, max_batch, &np, &ns);
    net->act = malloc((net->n_layers + 1) * sizeof *net->act);
    net->memory = calloc(2 * np + ns + scratch, sizeof *net->memory);
    if (!net->act || !net->memory) {
        free(net->act), free(net->memory);
        net->act = NULL, net->memory = NULL;
        return NN_ENOMEM;
    }
    nn_real *m = net->memory;
    net_layout(net, max_batch, m, m + np, m + 2 * np, m + 2 * np + ns);
    return NN_OK;
}

/* <<initialise and free a network>> */
void nn_net_init_params(nn_net *net, nn_rng *rng)
{
    for (size_t i = 0; i < net->n_layers; i++)
        nn_layer_init(net->layers[i], rng);
}

void nn_net_free(nn_net *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->n_layers; i++)
        nn_layer_free(net->layers[i]);
    free(net->layers);
    free(net->act);
    free(net->memory);
    free(net);
}

/* <<zero the gradients of a network>> */
void nn_net_zero_grad(nn_net *net)
{
    nn_real *g = net->grads;
    #pragma omp parallel for schedule(static) if (net->n_params >= 32768)
    for (size_t i = 0; i < net->n_params; i++)
        g[i] = 0;
}

/* <<time the layers of a profiled network>> */
void nn_net_profile(nn_net *net, double *seconds)
{
    net->profile = seconds;
}

static double layer_clock(const nn_net *net)
{
    return net->profile ? nn_seconds() : 0;
}

static void layer_clock_add(nn_net *net, size_t i, double t0)
{
    if (net->profile)
        net->profile[i] += nn_seconds() - t0;
}

/* <<the forward pass of a network>> */
static nn_status net_run(nn_net *net, size_t B, const nn_real *X, const nn_ctx *c)
{
    net->batch = 0;                         /* no valid pass until this one ends */
    if (X != net->act[0])
        memcpy(net->act[0], X, B * net->n_in * sizeof *X);
    net->ctx = *c;
    for (size_t i = 0; i < net->n_layers; i++) {
        nn_layer *l = net->layers[i];
        double t0 = layer_clock(net);
        nn_status s = l->ops->forward(l, B, net->act[i], net->act[i + 1],
                                      &net->ctx);
        layer_clock_add(net, i, t0);
        if (s != NN_OK)
            return s;
    }
    net->batch = B;
    return NN_OK;
}

nn_status nn_net_forward(nn_net *net, size_t B, const nn_real *X, int train,
                         nn_rng *rng, const nn_real **Y)
{
    if (B == 0 || B > net->max_batch)
        return NN_EINVAL;
    nn_ctx c = { .train = train, .rng = train ? rng : NULL };
    nn_status s = net_run(net, B, X, &c);
    if (s == NN_OK && Y)
        *Y = net->act[net->n_layers];
    return s;
}

/* <<the loss and the backward pass of a network>> */
static void net_back(nn_net *net, const nn_real *dY, nn_real *dX)
{
    const nn_real *dy = dY;
    for (size_t i = net->n_layers; i-- > 0; ) {
        nn_layer *l = net->layers[i];
        nn_real *dx = i > 0 ? net->dbuf[i % 2] : dX;        /* may be NULL */
        assert(dx != dy && (net->ctx.train || !net->ctx.rng));
        double t0 = layer_clock(net);
        l->ops->backward(l, net->batch, net->act[i], net->act[i + 1], dy, dx,
                         &net->ctx);
        layer_clock_add(net, i, t0);
        dy = dx;
    }
}

nn_status nn_net_backward(nn_net *net, const nn_real *dY, nn_real *dX)
{
    if (net->batch == 0 || !dY || dX == dY)
        return NN_EINVAL;
    net_back(net, dY, dX);
    return NN_OK;
}
/* <<the loss and the backward pass of a network>> */
nn_status nn_net_loss(nn_net *net, const nn_loss *L, const nn_real *target,
                      const int *labels, double *loss)
{
    if (net->batch == 0 || (nn_loss_uses_labels(L->kind) ? !labels : !target))
        return NN_EINVAL;
    nn_real *dY = net->dbuf[net->n_layers % 2];
    double v = nn_loss_eval(L, net->batch, net->n_out, net->act[net->n_layers],
                            target, labels, dY);
    if (loss)
        *loss = v;
    return NN_OK;
}

nn_status nn_net_loss_backward(nn_net *net, const nn_loss *L, const nn_real *target,
                               const int *labels, double *loss)
{
    nn_status s = nn_net_loss(net, L, target, labels, loss);
    return s != NN_OK ? s : nn_net_backward(net, net->dbuf[net->n_layers % 2], NULL);
}

/* <<the accessors of a network>> */
size_t nn_net_n_in(const nn_net *net) { return net->n_in; }
size_t nn_net_n_out(const nn_net *net) { return net->n_out; }
size_t nn_net_max_batch(const nn_net *net) { return net->max_batch; }
size_t nn_net_n_layers(const nn_net *net) { return net->n_layers; }

nn_layer *nn_net_layer(nn_net *net, size_t i)
{
    return i < net->n_layers ? net->layers[i] : NULL;
}

const nn_real *nn_net_activation(const nn_net *net, size_t i)
{
    return net->max_batch && i <= net->n_layers ? net->act[i] : NULL;
}

nn_real *nn_net_input(nn_net *net)
{
    return net->max_batch ? net->act[0] : NULL;
}
/* <<the accessors of a network>> */
nn_real *nn_net_params(nn_net *net, size_t *n)
{
    *n = net->n_params;
    return net->params;
}

nn_real *nn_net_grads(nn_net *net, size_t *n)
{
    *n = net->n_params;
    return net->grads;
}

nn_real *nn_net_state(nn_net *net, size_t *n)
{
    *n = net->n_state;
    return net->state;
}

/* <<build a multilayer perceptron in one call>> */
nn_status nn_net_mlp(nn_net **out, size_t n_sizes, const size_t *sizes,
                     nn_act hidden, size_t max_batch, nn_rng *rng)
{
    return nn_net_mlp_init(out, n_sizes, sizes, hidden, nn_init_for(hidden.kind),
                           max_batch, rng);
}

nn_status nn_net_mlp_init(nn_net **out, size_t n_sizes, const size_t *sizes,
                          nn_act hidden, nn_init init, size_t max_batch,
                          nn_rng *rng)
{
    *out = NULL;
    if (n_sizes < 2)
        return NN_EINVAL;
    nn_net *net;
    nn_status s = nn_net_create(&net, sizes[0]);
    /* <<add a dense layer per width, and the activation after all but the last>> */
    for (size_t k = 1; k < n_sizes && s == NN_OK; k++) {
        nn_layer *l;
        s = nn_layer_dense(&l, sizes[k - 1], sizes[k], init);
        if (s == NN_OK)
            s = nn_net_add(net, l);
        if (s == NN_OK && k + 1 < n_sizes) {        /* no activation after the last */
            s = nn_layer_act(&l, sizes[k], hidden);
            if (s == NN_OK)
                s = nn_net_add(net, l);
        }
    }
    if (s == NN_OK)
        s = nn_net_build(net, max_batch);
    if (s != NN_OK) {
        nn_net_free(net);
        return s;
    }
    if (rng)
        nn_net_init_params(net, rng);
    *out = net;
    return NN_OK;
}

/* <<a network as a layer of another network>> */
typedef struct net_layer {
    nn_layer base;
    nn_net *net;
} net_layer;

/* <<the operations of a network as a layer>> */
static nn_status net_layer_forward(nn_layer *l, size_t B, const nn_real *x,
                                   nn_real *y, const nn_ctx *c)
{
    nn_net *net = ((net_layer *)l)->net;
    nn_status s = net_run(net, B, x, c);
    if (s == NN_OK)
        memcpy(y, net->act[net->n_layers], B * l->n_out * sizeof *y);
    return s;
}

static void net_layer_backward(nn_layer *l, size_t B, const nn_real *x,
                               const nn_real *y, const nn_real *dy, nn_real *dx,
                               const nn_ctx *c)
{
    (void)B, (void)x, (void)y, (void)c;
    net_back(((net_layer *)l)->net, dy, dx);
}
/* <<the operations of a network as a layer>> */
static void net_layer_bind(nn_layer *l)
{
    net_layout(((net_layer *)l)->net, l->max_batch, l->params, l->grads,
               l->state, l->cache);
}

static void net_layer_init(nn_layer *l, nn_rng *rng)
{
    nn_net_init_params(((net_layer *)l)->net, rng);
}

static void net_layer_destroy(nn_layer *l)
{
    nn_net_free(((net_layer *)l)->net);     /* its memory is the outer's */
}

static const nn_layer_ops net_layer_ops = {
    .kind = "net", .forward = net_layer_forward, .backward = net_layer_backward,
    .init = net_layer_init, .bind = net_layer_bind, .destroy = net_layer_destroy,
};

nn_status nn_layer_net(nn_layer **out, nn_net *net)
{
    *out = NULL;
    if (!net || net->max_batch || net->n_layers == 0)
        return NN_EINVAL;
    net_layer *w = calloc(1, sizeof *w);
    net->act = malloc((net->n_layers + 1) * sizeof *net->act);
    if (!w || !net->act) {
        free(w), free(net->act), net->act = NULL;
        return NN_ENOMEM;
    }
    size_t np, ns, fixed = net_need(net, 0, &np, &ns);
    w->base = (nn_layer){ .ops = &net_layer_ops, .n_in = net->n_in,
                          .n_out = net->n_out, .n_params = np, .n_state = ns,
                          .n_cache = fixed,
                          .n_cache_row = net_need(net, 1, &np, &ns) - fixed };
    w->net = net;
    *out = &w->base;
    return NN_OK;
}

size_t nn_net_n_params(const nn_net *net)
{
    size_t n = 0;
    for (size_t k = 0; k < net->n_layers; k++)
        n += net->layers[k]->n_params;
    return n;
}

void nn_net_decay_mask(const nn_net *net, unsigned char *mask)
{
    for (size_t k = 0; k < net->n_layers; k++) {
        const nn_layer *l = net->layers[k];
        if (l->ops->decay_mask)
            l->ops->decay_mask(l, mask);
        else
            memset(mask, 1, l->n_params);
        mask += l->n_params;
    }
}

nn_status nn_net_backward_step(nn_net *net, nn_optim *o)
{
    if (net->batch == 0 || nn_optim_size(o) != net->n_params)
        return NN_EINVAL;
    nn_optim_begin_step(o);
    const nn_real *dy = net->dbuf[net->n_layers % 2];   /* nn_net_loss's gradient */
    for (size_t i = net->n_layers; i-- > 0; ) {
        nn_layer *l = net->layers[i];
        nn_real *dx = i > 0 ? net->dbuf[i % 2] : NULL;
        size_t B = net->batch, at = l->n_params ? (size_t)(l->params - net->params) : 0;
        double t0 = layer_clock(net);
        /* <<one layer's backward pass and its step>> */
        if (l->n_params && l->ops->backward_step)
            l->ops->backward_step(l, B, net->act[i], net->act[i + 1], dy, dx, &net->ctx, o, at);
        else {
            if (l->n_params)
                memset(l->grads, 0, l->n_params * sizeof *l->grads);
            l->ops->backward(l, B, net->act[i], net->act[i + 1], dy, dx, &net->ctx);
            if (l->n_params)
                nn_optim_update(o, at, l->n_params, net->params, l->grads);
        }
        layer_clock_add(net, i, t0);
        dy = dx;
    }
    return NN_OK;
}

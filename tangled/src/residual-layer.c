/* Tangled from book/260-residual.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nn-layer.h"

/* <<the residual block's private structure>> */
typedef struct res_block {
    nn_layer base;
    nn_net *F;                  /* the body, owned through body */
    nn_layer *body;             /* F wrapped as a layer */
    nn_layer *proj;             /* the skip's dense projection, or NULL */
    int has_post;               /* an activation after the sum? */
    nn_act post;
    double scale;               /* of the body's last layer, at initialisation */
    nn_real *S, *G, *T;         /* in the cache: sum, its gradient, scratch */
} res_block;

/* <<the residual block's forward pass>> */
static nn_status res_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                             const nn_ctx *c)
{
    res_block *r = (res_block *)l;
    nn_real *s = r->has_post ? r->S : y;
    const nn_real *skip = x;
    nn_status st = r->body->ops->forward(r->body, B, x, s, c);     /* s = F(x) */
    if (st == NN_OK && r->proj)
        st = r->proj->ops->forward(r->proj, B, x, r->T, c), skip = r->T; /* Px */
    for (size_t k = 0; st == NN_OK && k < B * l->n_out; k++)
        s[k] += skip[k];                                /* (eq:res-block) */
    if (st == NN_OK && r->has_post)
        nn_act_forward(&r->post, B, l->n_out, s, y);    /* y = phi(s) */
    return st;
}

/* <<the residual block's backward pass>> */
static void res_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                         const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    res_block *r = (res_block *)l;
    const nn_real *g = dy;                              /* ds */
    if (r->has_post)
        nn_act_backward(&r->post, B, l->n_out, r->S, y, dy, r->G), g = r->G;
    r->body->ops->backward(r->body, B, x, NULL, g, dx, c);     /* dx = J_F^T ds */
    if (r->proj) {
        r->proj->ops->backward(r->proj, B, x, NULL, g, dx ? r->T : NULL, c);
        g = r->T;                               /* ds P (eq:res-projection) */
    }
    for (size_t k = 0; dx && k < B * l->n_in; k++)
        dx[k] += g[k];                          /* the skip's share (eq:res-dx) */
}

/* <<the residual block's memory, initialisation and decay mask>> */
static void res_bind(nn_layer *l)
{
    res_block *r = (res_block *)l;
    size_t nb = r->body->n_params, B = l->max_batch;
    nn_real *m = l->cache;
    nn_layer_bind(r->body, B, l->params, l->grads, l->state, m);
    m += nn_layer_cache_size(r->body, B);
    r->S = r->has_post ? m : NULL, m += r->has_post ? B * l->n_out : 0;
    r->G = r->has_post ? m : NULL, m += r->has_post ? B * l->n_out : 0;
    r->T = r->proj ? m : NULL;
    if (r->proj)
        nn_layer_bind(r->proj, B, l->params + nb, l->grads + nb, NULL, NULL);
}

static void res_init(nn_layer *l, nn_rng *rng)
{
    res_block *r = (res_block *)l;
    nn_layer_init(r->body, rng);
    nn_layer *last = nn_net_layer(r->F, nn_net_n_layers(r->F) - 1);
    for (size_t i = 0; i < last->n_params; i++)
        last->params[i] *= (nn_real)r->scale;           /* (eq:res-scale) */
    if (r->proj)
        nn_layer_init(r->proj, rng);
}

static void res_destroy(nn_layer *l)
{
    res_block *r = (res_block *)l;
    nn_layer_free(r->body);
    nn_layer_free(r->proj);
}
/* <<the residual block's memory, initialisation and decay mask>> */
static void res_decay_mask(const nn_layer *l, unsigned char *mask)
{
    const res_block *r = (const res_block *)l;
    for (size_t i = 0, off = 0; i < nn_net_n_layers(r->F); i++) {
        const nn_layer *in = nn_net_layer(r->F, i);
        if (in->ops->decay_mask)
            in->ops->decay_mask(in, mask + off);
        off += in->n_params;
    }
    if (r->proj)
        r->proj->ops->decay_mask(r->proj, mask + r->body->n_params);
}

/* <<the residual block's model records>> */
static const nn_layer *res_inner(const nn_layer *l, size_t k)
{
    const res_block *r = (const res_block *)l;
    size_t n = nn_net_n_layers(r->F);
    return k < n ? nn_net_layer(r->F, k) : k == n ? r->proj : NULL;
}

static void res_describe(const nn_layer *l, nn_layer_record *rec)
{
    const res_block *r = (const res_block *)l;
    if (!r->has_post)
        return;
    strcpy(rec->fn, nn_act_name(r->post.kind));
    rec->hyper[0] = r->post.alpha, rec->hyper[1] = r->post.beta;
    rec->hyper[2] = r->post.threshold;
}
/* <<the residual block's model records>> */
static const nn_layer_record *res_last_child(const nn_layer_record *r)
{
    const nn_layer_record *c = r + 1, *end = r + 1 + r->n_inner, *last = NULL;
    for (; c < end; c += 1 + c->n_inner)
        last = c;
    return last;
}
/* <<the residual block's model records>> */
static const char *res_check(const nn_layer_record *r)
{
    nn_act f;
    if (*r->fn && nn_act_parse(r->fn, &f) != NN_OK)
        return "unknown activation function after the sum";
    const nn_layer_record *last = res_last_child(r), *c = r + 1;
    const nn_layer_record *stop = r->n_in != r->n_out ? last : r + 1 + r->n_inner;
    if (!last || c == stop)
        return "a residual block without a body";
    if (stop == last && (strcmp(last->kind, "dense") != 0 || last->n_in != r->n_in
                         || last->n_out != r->n_out))
        return "its projection is not a dense layer of its widths";
    uint64_t width = r->n_in, np = 0, ns = 0;
    for (; c < stop; c += 1 + c->n_inner)
        if (c->n_in != width)
            return "its body's layers do not chain";
        else
            width = c->n_out, np += c->n_params, ns += c->n_state;
    if (width != r->n_out)
        return "its body does not end at its output width";
    np += stop == last ? last->n_params : 0;
    return np != r->n_params || ns != r->n_state
           ? "its inner layers do not add up to its sizes" : NULL;
}
/* <<the residual block's model records>> */
static nn_status res_rebuild(const nn_layer_record *r, nn_layer **out)
{
    nn_act f;
    const nn_layer_record *c = r + 1, *last = res_last_child(r);
    const nn_layer_record *stop = r->n_in != r->n_out ? last : r + 1 + r->n_inner;
    nn_net *F;
    nn_status s = nn_net_create(&F, r->n_in);
    for (; c < stop && s == NN_OK; c += 1 + c->n_inner) {
        nn_layer *l;
        s = nn_layer_rebuild(c, &l);
        if (s == NN_OK)
            s = nn_net_add(F, l);
    }
    if (s != NN_OK) {
        nn_net_free(F);
        return s;
    }
    if (*r->fn) {
        nn_act_parse(r->fn, &f);
        f.alpha = r->hyper[0], f.beta = r->hyper[1], f.threshold = r->hyper[2];
    }
    return nn_layer_residual(out, F, *r->fn ? &f : NULL, NN_INIT_XAVIER_UNIFORM, 1);
}
/* <<the residual block's model records>> */
static void res_text(const nn_layer_record *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s %llu->%llu of %llu records%s%s", r->kind,
             (unsigned long long)r->n_in, (unsigned long long)r->n_out,
             (unsigned long long)r->n_inner, *r->fn ? " then " : "", r->fn);
}

/* <<the residual block's table of operations>> */
const nn_layer_ops nn_residual_ops = {
    .kind = "residual", .forward = res_forward, .backward = res_backward,
    .init = res_init, .bind = res_bind, .destroy = res_destroy,
    .decay_mask = res_decay_mask,
    /* <<the residual block's model-file operations>> */
    .describe = res_describe, .check = res_check, .rebuild = res_rebuild,
    .text = res_text, .inner = res_inner,
};

/* <<create a residual block>> */
nn_status nn_layer_residual(nn_layer **out, nn_net *body, const nn_act *post,
                            nn_init proj_init, double scale)
{
    *out = NULL;
    if (!body || nn_net_n_layers(body) == 0 || nn_net_max_batch(body)
        || (post && (unsigned)post->kind >= NN_ACT_COUNT) || !(scale >= 0)) {
        nn_net_free(body);
        return NN_EINVAL;
    }
    size_t n_in = nn_net_n_in(body), n_out = nn_net_n_out(body);
    res_block *r = calloc(1, sizeof *r);
    nn_status s = r ? nn_layer_net(&r->body, body) : NN_ENOMEM;
    if (s == NN_OK && n_in != n_out)
        s = nn_layer_dense(&r->proj, n_in, n_out, proj_init);
    if (s != NN_OK) {
        /* <<free a half-made residual block>> */
        if (r && r->body)
            nn_layer_free(r->body);             /* frees body too */
        else
            nn_net_free(body);
        if (r)
            nn_layer_free(r->proj), free(r);
        return s;
    }
    /* <<fill in the residual block's sizes>> */
    r->F = body;
    r->scale = scale;
    r->has_post = post != NULL;
    if (post)
        r->post = *post;
    size_t np = r->body->n_params + (r->proj ? r->proj->n_params : 0);
    size_t row = r->body->n_cache_row + (post ? 2 * n_out : 0)
                 + (r->proj ? (n_in > n_out ? n_in : n_out) : 0);
    r->base = (nn_layer){ .ops = &nn_residual_ops, .n_in = n_in, .n_out = n_out,
                          .n_params = np, .n_state = r->body->n_state,
                          .n_cache = r->body->n_cache, .n_cache_row = row };
    *out = &r->base;
    return NN_OK;
}

/* <<build a residual multilayer perceptron>> */
typedef struct block_shape {
    size_t h;                   /* the width of the blocks */
    nn_act act;
    nn_init init;
    nn_norm norm;               /* after each dense layer of a body */
    double p;                   /* dropout after each activation; 0: none */
} block_shape;

static nn_status add_layer(nn_net *net, nn_status s, nn_layer **l)
{
    return s == NN_OK ? nn_net_add(net, *l) : s;   /* *l: made by the call in s */
}
/* <<build a residual multilayer perceptron>> */
static nn_status add_block(nn_net *net, const block_shape *b, int skip, double scale)
{
    nn_net *F = net;
    nn_layer *l = NULL;
    nn_status s = skip ? nn_net_create(&F, b->h) : NN_OK;
    /* <<add the layers of a block's body to F>> */
    for (int k = 0; k < 2 && s == NN_OK; k++) {
        s = add_layer(F, nn_layer_dense(&l, b->h, b->h, b->init), &l);
        if (s == NN_OK && b->norm != NN_NORM_NONE)
            s = add_layer(F, nn_layer_norm(&l, b->norm, b->h), &l);
        if (s == NN_OK && k == 0)
            s = add_layer(F, nn_layer_act(&l, b->h, b->act), &l);
        if (s == NN_OK && k == 0 && b->p > 0)
            s = add_layer(F, nn_layer_dropout(&l, b->h, b->p), &l);
    }
    if (skip && s == NN_OK)
        s = nn_layer_residual(&l, F, &b->act, b->init, scale), F = NULL; /* x+F(x) */
    else if (s == NN_OK)
        s = nn_layer_act(&l, b->h, b->act);                  /* phi(F(x)) */
    s = add_layer(net, s, &l);
    if (s == NN_OK && b->p > 0)
        s = add_layer(net, nn_layer_dropout(&l, b->h, b->p), &l);
    if (skip && F)
        nn_net_free(F);
    return s;
}
/* <<build a residual multilayer perceptron>> */
nn_status nn_net_mlp_blocks(nn_net **out, size_t n_sizes, const size_t *sizes,
                            const nn_norm *norm, nn_act hidden, nn_init init,
                            double p, size_t n_blocks, int skips, size_t max_batch,
                            nn_rng *rng)
{
    *out = NULL;
    /* <<refuse an MLP's bad sizes, normalizations or dropout rate>> */
    if (n_sizes < 2 || !(p >= 0 && p < 1))
        return NN_EINVAL;
    for (size_t k = 0; norm && k + 2 < n_sizes; k++)
        if ((unsigned)norm[k] >= NN_NORM_COUNT)
            return NN_EINVAL;
    if (n_blocks && n_sizes < 3)
        return NN_EINVAL;
    nn_net *net;
    block_shape b = { n_sizes > 2 ? sizes[1] : 0, hidden, init,
                      norm && n_sizes > 2 ? norm[0] : NN_NORM_NONE, p };
    double branch = n_blocks ? 1 / sqrt((double)n_blocks) : 1;  /* (eq:res-scale) */
    nn_status s = nn_net_create(&net, sizes[0]);
    for (size_t k = 1; k < n_sizes && s == NN_OK; k++) {
        /* <<add dense layer k of a normalized MLP>> */
        nn_layer *l;
        s = nn_layer_dense(&l, sizes[k - 1], sizes[k], init);
        if (s == NN_OK)
            s = nn_net_add(net, l);
        if (s == NN_OK && k + 1 < n_sizes && norm && norm[k - 1] != NN_NORM_NONE
            && (s = nn_layer_norm(&l, norm[k - 1], sizes[k])) == NN_OK)
            s = nn_net_add(net, l);
        if (s == NN_OK && k + 1 < n_sizes && (s = nn_layer_act(&l, sizes[k], hidden))
            == NN_OK)
            s = nn_net_add(net, l);
        if (s == NN_OK && k + 1 < n_sizes && p > 0 && (s = nn_layer_dropout(&l, sizes[k],
                                                                            p)) == NN_OK)
            s = nn_net_add(net, l);
        for (size_t i = 0; k == 1 && i < n_blocks && s == NN_OK; i++)
            s = add_block(net, &b, skips, branch);
    }
    /* <<build the network and draw its parameters>> */
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

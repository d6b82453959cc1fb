/* Tangled from book/140-backprop.nw, book/300-trainer.nw by 'make tangle'. Edit the book, not this file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nn-layer.h"

typedef struct act_layer {
    nn_layer base;
    nn_act f;
} act_layer;

/* <<the activation layer's operations>> */
static nn_status act_forward(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                             const nn_ctx *c)
{
    (void)c;
    nn_act_forward(&((act_layer *)l)->f, B, l->n_in, x, y);
    return NN_OK;
}

static void act_backward(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                         const nn_real *dy, nn_real *dx, const nn_ctx *c)
{
    (void)c;
    if (dx)
        nn_act_backward(&((act_layer *)l)->f, B, l->n_in, x, y, dy, dx);
}

/* <<the activation layer's model records>> */
static void act_describe(const nn_layer *l, nn_layer_record *r)
{
    const nn_act *f = &((const act_layer *)l)->f;
    strcpy(r->fn, nn_act_name(f->kind));
    r->hyper[0] = f->alpha, r->hyper[1] = f->beta, r->hyper[2] = f->threshold;
}

static const char *act_check(const nn_layer_record *r)
{
    nn_act f;
    if (nn_act_parse(r->fn, &f) != NN_OK)
        return "unknown activation function";
    return r->n_in != r->n_out || r->n_params || r->n_state
           ? "its sizes are not those of an activation" : NULL;
}
/* <<the activation layer's model records>> */
static nn_status act_rebuild(const nn_layer_record *r, nn_layer **out)
{
    nn_act f;
    nn_act_parse(r->fn, &f);
    f.alpha = r->hyper[0], f.beta = r->hyper[1], f.threshold = r->hyper[2];
    return nn_layer_act(out, r->n_in, f);
}
/* <<the activation layer's model records>> */
static void act_text(const nn_layer_record *r, char *buf, size_t n)
{
    nn_act def = { 0 };
    nn_act_parse(r->fn, &def);
    if (r->hyper[0] == def.alpha && r->hyper[1] == def.beta
        && r->hyper[2] == def.threshold)
        snprintf(buf, n, "%s %s of %llu", r->kind, r->fn,
                 (unsigned long long)r->n_in);
    else
        snprintf(buf, n, "%s %s(%g, %g, %g) of %llu", r->kind, r->fn, r->hyper[0],
                 r->hyper[1], r->hyper[2], (unsigned long long)r->n_in);
}

/* <<the activation layer's table of operations>> */
const nn_layer_ops nn_act_ops = {
    .kind = "activation", .forward = act_forward, .backward = act_backward,
    /* <<the activation layer's model-file operations>> */
    .describe = act_describe, .check = act_check, .rebuild = act_rebuild,
    .text = act_text,
};

/* <<create an activation layer>> */
nn_status nn_layer_act(nn_layer **out, size_t n, nn_act f)
{
    *out = NULL;
    if (n == 0 || (unsigned)f.kind >= NN_ACT_COUNT)
        return NN_EINVAL;
    act_layer *a = calloc(1, sizeof *a);
    if (!a)
        return NN_ENOMEM;
    a->base = (nn_layer){ .ops = &nn_act_ops, .n_in = n, .n_out = n };
    a->f = f;
    *out = &a->base;
    return NN_OK;
}

const nn_act *nn_layer_act_function(const nn_layer *l)
{
    return l && l->ops == &nn_act_ops ? &((const act_layer *)l)->f : NULL;
}

/* Tangled from book/140-backprop.nw by 'make tangle'. Edit the book, not this file. */
/* For those who write a kind of layer (the backpropagation chapter);
   nn.h is enough to use layers. */
#ifndef NN_LAYER_H
#define NN_LAYER_H
#include "nn.h"

/* <<the operations of a kind of layer>> */
typedef struct nn_layer_record nn_layer_record;    /* one layer in a model file */

typedef struct nn_ctx {         /* one pass: given to forward and to backward */
    int train;                  /* nonzero in a training pass */
    nn_rng *rng;                /* layers' generator; NULL when !train */
} nn_ctx;

struct nn_layer_ops {
    const char *kind;                           /* "dense", "activation", ... */
    nn_status (*forward)(nn_layer *l, size_t B, const nn_real *x, nn_real *y,
                         const nn_ctx *c);      /* c->rng may be NULL */
    void (*backward)(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                     const nn_real *dy, nn_real *dx,     /* dx: NULL, or not dy */
                     const nn_ctx *c);          /* adds to l->grads */
    void (*init)(nn_layer *l, nn_rng *rng);     /* NULL: nothing to initialise */
    void (*bind)(nn_layer *l);                  /* NULL: nothing to do */
    void (*destroy)(nn_layer *l);               /* NULL: nothing of its own */
    void (*decay_mask)(const nn_layer *l, unsigned char *mask);  /* NULL: all 1 */
    /* <<how a kind of layer takes the optimizer's step in its backward pass>> */
    /* backward, but setting l->grads rather than adding to them, and then o's
       step on the layer's parameters, which are o's numbers at .. at + n_params
       - 1 (NULL: the network does that around backward; the speed chapter) */
    void (*backward_step)(nn_layer *l, size_t B, const nn_real *x, const nn_real *y,
                          const nn_real *dy, nn_real *dx, const nn_ctx *c,
                          const nn_optim *o, size_t at);
    /* <<how a kind of layer is written to and read from a model file>> */
    void (*describe)(const nn_layer *l, nn_layer_record *r);  /* NULL: sizes say all */
    const char *(*check)(const nn_layer_record *r);  /* what is wrong, or NULL */
    nn_status (*rebuild)(const nn_layer_record *r, nn_layer **out);
    void (*text)(const nn_layer_record *r, char *buf, size_t n);   /* NULL: a->b */
    const nn_layer *(*inner)(const nn_layer *l, size_t k);  /* NULL: no inner layers */
};

/* <<the registry of layer kinds>> */
extern const nn_layer_ops *const nn_layer_kinds[];     /* every kind, once */
extern const size_t nn_layer_n_kinds;
const nn_layer_ops *nn_layer_kind(const char *name);   /* NULL: no such kind */

/* <<a layer's record in a model file>> */
enum { NN_LAYER_NAME_BYTES = 16, NN_LAYER_N_HYPER = 4 };

struct nn_layer_record {
    char kind[NN_LAYER_NAME_BYTES + 1];     /* NUL-terminated */
    char fn[NN_LAYER_NAME_BYTES + 1];       /* "" when the kind has none */
    uint64_t n_in, n_out, n_params, n_state;
    double hyper[NN_LAYER_N_HYPER];
    uint64_t n_inner;           /* records inside this one, which follow it */
};
/* <<a layer's record in a model file>> */
/* The layer a checked record describes, into *out (the caller's); its
   inner records follow r in memory.  NN_EINVAL for an unknown kind,
   NN_ENOMEM. */
nn_status nn_layer_rebuild(const nn_layer_record *r, nn_layer **out);

#endif /* NN_LAYER_H */

/* Tangled from book/a2-120-mlp.nw by 'make tangle'. Edit the book, not this file. */
/* A network with one hidden layer, trained by the gradients
   (eq:two-layer-backward).  Shared by the programs and tests of the
   multilayer perceptron; not part of libnn. */
#ifndef TWO_LAYER_H
#define TWO_LAYER_H
#include <stdlib.h>
#include "nn.h"

/* <<the two-layer network's structure>> */
typedef struct tl_net {
    size_t n_in, n_hid, n_out, max_batch, n_params;
    nn_act f, g;                        /* hidden and output activations */
    nn_real *params, *grads;            /* n_params each, same layout */
    nn_real *W1, *b1, *W2, *b2;         /* views into params */
    nn_real *dW1, *db1, *dW2, *db2;     /* views into grads */
    nn_real *Z1, *H, *dH;               /* max_batch x n_hid each */
    nn_real *Z2, *Y, *dZ2;              /* max_batch x n_out each */
} tl_net;
/* <<create and free a two-layer network>> */
static inline nn_real *tl_carve(nn_real **next, size_t n)
{
    nn_real *p = *next;
    *next += n;
    return p;
}

static inline int tl_create(tl_net *net, size_t n_in, size_t n_hid, size_t n_out,
                            nn_act f, nn_act g, size_t max_batch)
{
    size_t np = (n_in + 1) * n_hid + (n_hid + 1) * n_out;
    nn_real *m = malloc((2 * np + max_batch * 3 * (n_hid + n_out)) * sizeof *m);
    if (!m)
        return -1;
    *net = (tl_net){ n_in, n_hid, n_out, max_batch, np, f, g, .params = m };
    net->W1 = tl_carve(&m, n_in * n_hid);   net->b1 = tl_carve(&m, n_hid);
    net->W2 = tl_carve(&m, n_hid * n_out);  net->b2 = tl_carve(&m, n_out);
    net->grads = m;
    net->dW1 = tl_carve(&m, n_in * n_hid);  net->db1 = tl_carve(&m, n_hid);
    net->dW2 = tl_carve(&m, n_hid * n_out); net->db2 = tl_carve(&m, n_out);
    size_t bh = max_batch * n_hid, bo = max_batch * n_out;
    net->Z1 = tl_carve(&m, bh);  net->H = tl_carve(&m, bh); net->dH = tl_carve(&m, bh);
    net->Z2 = tl_carve(&m, bo);  net->Y = tl_carve(&m, bo); net->dZ2 = tl_carve(&m, bo);
    return 0;
}

static inline void tl_free(tl_net *net) { free(net->params); }
/* <<initialise a two-layer network>> */
static inline void tl_init(tl_net *net, nn_rng *rng)
{
    for (size_t i = 0; i < net->n_params; i++)
        net->params[i] = 0;
    nn_init_weights(NN_INIT_XAVIER_UNIFORM, net->n_in, net->n_hid, net->W1, rng);
    nn_init_weights(NN_INIT_XAVIER_UNIFORM, net->n_hid, net->n_out, net->W2, rng);
}
/* <<the two-layer network's forward pass>> */
static inline const nn_real *tl_forward(tl_net *net, size_t B, const nn_real *X)
{
    size_t h = net->n_hid, o = net->n_out;
    nn_dense_forward(B, net->n_in, h, X, net->W1, net->b1, net->Z1); /* B x h */
    nn_act_forward(&net->f, B, h, net->Z1, net->H);                   /* B x h */
    nn_dense_forward(B, h, o, net->H, net->W2, net->b2, net->Z2);     /* B x o */
    nn_act_forward(&net->g, B, o, net->Z2, net->Y);                   /* B x o */
    return net->Y;
}
/* <<the two-layer network's backward pass for the mean squared error>> */
static inline double tl_backward_mse(tl_net *net, size_t B, const nn_real *X,
                                     const nn_real *T)
{
    size_t h = net->n_hid, o = net->n_out;
    double sum = 0, scale = 2.0 / (double)(B * o);
    for (size_t i = 0; i < B * o; i++) {            /* dY = 2 (Y - T) / (B o) */
        double d = (double)net->Y[i] - T[i];
        sum += d * d;
        net->dZ2[i] = (nn_real)(scale * d);
    }
    nn_act_backward(&net->g, B, o, net->Z2, net->Y, net->dZ2, net->dZ2);  /* dZ2 */
    nn_dense_backward(B, h, o, net->H, net->W2, net->dZ2,                 /* dH, */
                      net->dH, net->dW2, net->db2);                       /* dW2, db2 */
    nn_act_backward(&net->f, B, h, net->Z1, net->H, net->dH, net->dH);    /* dZ1 */
    nn_dense_backward(B, net->n_in, h, X, net->W1, net->dH,
                      NULL, net->dW1, net->db1);                          /* dW1, db1 */
    return sum / (double)(B * o);
}
/* <<one gradient-descent step for the two-layer network>> */
static inline void tl_step(tl_net *net, nn_real eta)
{
    for (size_t i = 0; i < net->n_params; i++)
        net->params[i] -= eta * net->grads[i];
}
#endif

/* Tangled from book/120-mlp.nw by 'make tangle'. Edit the book, not this file. */
#include <string.h>
#include "nn.h"

/* <<the dense layer's forward pass>> */
void nn_dense_forward(size_t B, size_t n_in, size_t n_out, const nn_real *X,
                      const nn_real *W, const nn_real *b, nn_real *Z)
{
    for (size_t r = 0; r < B; r++)                  /* Z = 1 b      (B x n_out) */
        memcpy(Z + r * n_out, b, n_out * sizeof *Z);
    nn_gemm(NN_NO_TRANS, NN_NO_TRANS, B, n_out, n_in, 1,   /* Z += X W */
            X, n_in, W, n_out, 1, Z, n_out);
}

/* <<the dense layer's backward pass>> */
void nn_dense_backward(size_t B, size_t n_in, size_t n_out, const nn_real *X,
                       const nn_real *W, const nn_real *dZ, nn_real *dX,
                       nn_real *dW, nn_real *db)
{
    memset(dW, 0, n_in * n_out * sizeof *dW);
    memset(db, 0, n_out * sizeof *db);
    nn_dense_backward_add(B, n_in, n_out, X, W, dZ, dX, dW, db);
}
/* <<the dense layer's backward pass>> */
void nn_dense_backward_add(size_t B, size_t n_in, size_t n_out, const nn_real *X,
                           const nn_real *W, const nn_real *dZ, nn_real *dX,
                           nn_real *dW, nn_real *db)
{
    if (dX)                                 /* dX = dZ W^T    (B x n_in) */
        nn_gemm(NN_NO_TRANS, NN_TRANS, B, n_in, n_out, 1,
                dZ, n_out, W, n_out, 0, dX, n_in);
    if (dW)                                 /* dW += X^T dZ   (n_in x n_out) */
        nn_gemm(NN_TRANS, NN_NO_TRANS, n_in, n_out, B, 1,
                X, n_in, dZ, n_out, 1, dW, n_out);
    for (size_t r = 0; r < B; r++)          /* db += 1^T dZ   (1 x n_out) */
        for (size_t j = 0; j < n_out; j++)
            db[j] += dZ[r * n_out + j];
}

/* Tangled from book/a2-310-fast.nw by 'make tangle'. Edit the book, not this file. */
/* The products of training that make bench measures; shared by the GEMM
   benchmark and the program that reads its results (bench-table). */
#ifndef GEMM_PRODUCTS_H
#define GEMM_PRODUCTS_H
#include <stdio.h>
#include "nn.h"

/* <<the layers, kinds and batches the benchmark measures>> */
static const struct { size_t in, out; } gemm_layers[] = {
    { 784, 800 }, { 800, 800 }, { 800, 10 },        /* 784-800-800-10 */
    { 784, 256 }, { 256, 256 }, { 256, 10 },        /* 784-256-256-10 */
};
enum { GEMM_FWD, GEMM_DX, GEMM_DW, GEMM_KINDS };
static const char *const gemm_kind_name[GEMM_KINDS] = { "fwd", "dx", "dw" };
static const char *const gemm_kind_formula[GEMM_KINDS] = {
    "Z = X W", "dX = dZ W^T", "dW = X^T dZ" };
static const size_t gemm_batches[] = { 64, 256 };
enum { GEMM_LAYERS = sizeof gemm_layers / sizeof gemm_layers[0],
       GEMM_BATCHES = sizeof gemm_batches / sizeof gemm_batches[0],
       BENCH_BIG = 800 * 800,           /* the largest operand */
       GEMM_ROUNDS = 5 };               /* rounds of both libraries per product */
/* <<the shapes and the name of one product>> */
static inline void gemm_product(size_t layer, int kind, size_t batch, nn_trans *ta,
                                nn_trans *tb, size_t *M, size_t *N, size_t *K)
{
    size_t in = gemm_layers[layer].in, out = gemm_layers[layer].out;
    *ta = kind == GEMM_DW ? NN_TRANS : NN_NO_TRANS;
    *tb = kind == GEMM_DX ? NN_TRANS : NN_NO_TRANS;
    *M = kind == GEMM_DW ? in : batch;
    *N = kind == GEMM_DX ? in : out;
    *K = kind == GEMM_FWD ? in : kind == GEMM_DX ? out : batch;
}

static inline const char *gemm_product_key(char key[64], size_t layer, int kind,
                                           size_t batch, int threads)
{
    snprintf(key, 64, "gemm_%s_%zux%zu_b%zu_t%d", gemm_kind_name[kind],
             gemm_layers[layer].in, gemm_layers[layer].out, batch, threads);
    return key;
}
#endif

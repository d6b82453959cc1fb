/* Tangled from book/a3-golden.nw by 'make tangle'. Edit the book, not this file. */
#ifndef GOLDEN_H
#define GOLDEN_H
#include <stddef.h>
#include "nn.h"

/* <<golden data types>> */
enum { GOLDEN_NAME = 48, GOLDEN_MAX_PARAMS = 24, GOLDEN_MAX_TENSORS = 40 };

typedef struct golden_tensor {
    char    name[GOLDEN_NAME];
    size_t  rows, cols;
    double *data;                 /* rows * cols numbers, row-major */
} golden_tensor;

typedef struct golden_param {
    char   key[GOLDEN_NAME];
    char   word[GOLDEN_NAME];     /* the value as written */
    double num;                   /* the value as a number, if is_num */
    int    is_num;
} golden_param;

typedef struct golden_case {
    char          name[GOLDEN_NAME];
    const char   *op;             /* the value of the param op */
    size_t        n_params, n_tensors;
    golden_param  params[GOLDEN_MAX_PARAMS];
    golden_tensor tensors[GOLDEN_MAX_TENSORS];
} golden_case;

typedef struct golden_file {
    char         path[1024];
    size_t       n_cases;
    golden_case *cases;
} golden_file;
/* <<golden function declarations>> */
const char *golden_dir(void);
int  golden_load(const char *file, golden_file *g, char *err, size_t errlen);
void golden_free(golden_file *g);
const golden_tensor *golden_tensor_get(const golden_case *c, const char *name);
const golden_param  *golden_param_get(const golden_case *c, const char *key);
double golden_param_num(const golden_case *c, const char *key, double dflt);
int  golden_compare(const golden_tensor *want, const nn_real *got,
                    double rtol, double atol, char *msg, size_t msglen);
void golden_tolerance(double *rtol, double *atol);
void golden_report(const golden_file *g, size_t compared);
/* <<assert in a test that a tensor matches>> */
#define GOLDEN_EXPECT(kase, tensor, got)                                        \
    do {                                                                        \
        double rtol_, atol_;                                                    \
        char msg_[512];                                                         \
        golden_tolerance(&rtol_, &atol_);                                       \
        const golden_tensor *t_ = golden_tensor_get((kase), (tensor));          \
        cr_assert_not_null(t_, "case %s has no tensor %s", (kase)->name, (tensor)); \
        cr_assert_eq(golden_compare(t_, (got), rtol_, atol_, msg_, sizeof msg_), \
                     0, "case %s: %s", (kase)->name, msg_);                     \
    } while (0)
#endif

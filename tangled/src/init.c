/* Tangled from book/120-mlp.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <string.h>
#include "nn.h"

/* <<compute the standard deviation of an initialisation>> */
double nn_init_std(nn_init kind, size_t n_in, size_t n_out)
{
    int he = kind == NN_INIT_HE_UNIFORM || kind == NN_INIT_HE_NORMAL;
    double fan = he ? (double)n_in : 0.5 * (double)(n_in + n_out);
    return fan > 0 ? sqrt(1 / fan) * (he ? sqrt(2.0) : 1) : 0;
}

/* <<draw the initial weights>> */
void nn_init_weights(nn_init kind, size_t n_in, size_t n_out, nn_real *W,
                     nn_rng *rng)
{
    double s = nn_init_std(kind, n_in, n_out), a = s * sqrt(3.0);
    int uniform = kind == NN_INIT_XAVIER_UNIFORM || kind == NN_INIT_HE_UNIFORM;
    for (size_t i = 0; i < n_in * n_out; i++)
        W[i] = (nn_real)(uniform ? a * (2 * nn_rng_uniform(rng) - 1)
                                 : s * nn_rng_normal(rng));
}

/* <<choose the initialisation for an activation>> */
nn_init nn_init_for(nn_act_kind kind)
{
    switch (kind) {
    case NN_ACT_RELU: case NN_ACT_LEAKY_RELU: case NN_ACT_ELU:
    case NN_ACT_GELU_ERF: case NN_ACT_GELU_TANH:
        return NN_INIT_HE_NORMAL;
    default:
        return NN_INIT_XAVIER_UNIFORM;
    }
}

/* <<the names of the initialisation schemes>> */
static const char *const init_names[NN_INIT_COUNT] = {
    [NN_INIT_XAVIER_UNIFORM] = "xavier_uniform",
    [NN_INIT_XAVIER_NORMAL] = "xavier_normal",
    [NN_INIT_HE_UNIFORM] = "he_uniform",
    [NN_INIT_HE_NORMAL] = "he_normal",
};

const char *nn_init_name(nn_init kind)
{
    return (unsigned)kind < NN_INIT_COUNT ? init_names[kind] : "unknown";
}
/* <<the names of the initialisation schemes>> */
nn_status nn_init_parse(const char *name, nn_init *out)
{
    for (size_t k = 0; name && k < NN_INIT_COUNT; k++)
        if (strcmp(name, init_names[k]) == 0) {
            *out = (nn_init)k;
            return NN_OK;
        }
    return NN_EINVAL;
}

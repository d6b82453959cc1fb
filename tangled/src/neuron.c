/* Tangled from book/100-neuron.nw by 'make tangle'. Edit the book, not this file. */
#include "nn.h"

/* <<define the library's precision>> */
const int NN_PRECISION_LINK = (int)sizeof(nn_real);
/* <<compute the dot product nn_dot>> */
nn_real nn_dot(size_t n, const nn_real *a, const nn_real *b)
{
    nn_real sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += a[i] * b[i];
    return sum;
}
/* <<compute the pre-activation and the step>> */
nn_real nn_neuron_preactivation(const nn_neuron *u, const nn_real *x)
{
    return nn_dot(u->n_in, u->w, x) + u->b;
}

int nn_step(nn_real z)
{
    return z >= 0 ? 1 : 0;      /* (eq:step): step(0) = 1 */
}
/* <<the perceptron's prediction and update>> */
int nn_perceptron_predict(const nn_neuron *u, const nn_real *x)
{
    return nn_step(nn_neuron_preactivation(u, x));
}

int nn_perceptron_update(nn_neuron *u, const nn_real *x, int t, nn_real eta)
{
    int err = t - nn_perceptron_predict(u, x);    /* -1, 0 or +1 */
    if (err == 0)
        return 0;
    for (size_t i = 0; i < u->n_in; i++)
        u->w[i] += eta * (nn_real)err * x[i];       /* (eq:perceptron) */
    u->b += eta * (nn_real)err;
    return 1;
}

size_t nn_perceptron_epoch(nn_neuron *u, size_t m, const nn_real *X,
                           const int *t, nn_real eta)
{
    size_t mistakes = 0;
    for (size_t k = 0; k < m; k++)
        mistakes += (size_t)nn_perceptron_update(u, X + k * u->n_in, t[k], eta);
    return mistakes;
}

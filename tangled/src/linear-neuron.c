/* Tangled from book/100-neuron.nw by 'make tangle'. Edit the book, not this file. */
#include "nn.h"

/* <<compute the mean squared error of a linear neuron>> */
double nn_linear_mse(const nn_neuron *u, size_t m, const nn_real *X,
                     const nn_real *y)
{
    double sum = 0;
    for (size_t k = 0; k < m; k++) {
        double r = (double)nn_neuron_preactivation(u, X + k * u->n_in) - y[k];
        sum += r * r;
    }
    return sum / (double)m;
}
/* <<compute the gradient of the mean squared error>> */
enum { NN_LINEAR_BLOCK = 64 };      /* weights whose sums are kept at once */

void nn_linear_mse_grad(const nn_neuron *u, size_t m, const nn_real *X,
                        const nn_real *y, nn_real *dw, nn_real *db)
{
    size_t n = u->n_in, first = 0;
    do {                                /* once even when n_in is 0, for db */
        size_t len = n - first < NN_LINEAR_BLOCK ? n - first : NN_LINEAR_BLOCK;
        /* <<accumulate the gradient of weights first to first + len>> */
        double gw[NN_LINEAR_BLOCK] = { 0 }, gb = 0;
        for (size_t k = 0; k < m; k++) {
            const nn_real *x = X + k * n;
            double r = (double)nn_neuron_preactivation(u, x) - y[k];
            for (size_t i = 0; i < len; i++)
                gw[i] += r * x[first + i];
            gb += r;
        }
        for (size_t i = 0; i < len; i++)
            dw[first + i] = (nn_real)(2 * gw[i] / (double)m);      /* (eq:mse-grad) */
        *db = (nn_real)(2 * gb / (double)m);
        first += len;
    } while (first < n);
}
/* <<take one gradient-descent step>> */
void nn_linear_gd_step(nn_neuron *u, size_t m, const nn_real *X,
                       const nn_real *y, nn_real eta, nn_real *dw)
{
    nn_real db;
    nn_linear_mse_grad(u, m, X, y, dw, &db);
    for (size_t i = 0; i < u->n_in; i++)
        u->w[i] -= eta * dw[i];                         /* (eq:gd) */
    u->b -= eta * db;
}
/* <<fit the least-squares line in closed form>> */
nn_status nn_least_squares_line(size_t m, const nn_real *x, const nn_real *y,
                                nn_real *w, nn_real *b)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0;
    for (size_t k = 0; k < m; k++) {
        mx += x[k];
        my += y[k];
    }
    mx /= (double)(m ? m : 1);
    my /= (double)(m ? m : 1);
    for (size_t k = 0; k < m; k++) {
        sxy += (x[k] - mx) * (y[k] - my);
        sxx += (x[k] - mx) * (x[k] - mx);
    }
    if (m < 2 || sxx == 0)
        return NN_EINVAL;
    *w = (nn_real)(sxy / sxx);                          /* (eq:least-squares) */
    *b = (nn_real)(my - sxy / sxx * mx);
    return NN_OK;
}

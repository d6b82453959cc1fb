/* Tangled from book/240-regularization.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include "nn.h"

double nn_penalty(size_t n, const nn_real *w, nn_real *g,
                  const unsigned char *mask, double l1, double l2)
{
    double sum1 = 0, sum2 = 0;
    for (size_t i = 0; i < n; i++) {
        if (mask && !mask[i])
            continue;
        double wi = (double)w[i], sign = (wi > 0) - (wi < 0);
        sum1 += fabs(wi), sum2 += wi * wi;
        if (g)
            g[i] += (nn_real)l2 * w[i] + (nn_real)(l1 * sign);  /* eq:reg-grad */
    }
    return l1 * sum1 + 0.5 * l2 * sum2;                     /* eq:reg-penalty */
}

/* Tangled from book/222-schedules.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include "nn.h"

double nn_clip_grad_norm(size_t n, nn_real *grads, double max_norm)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)grads[i] * (double)grads[i];
    double norm = sqrt(sum);                                /* eq. opt-clip */
    if (isfinite(norm) && norm > max_norm) {
        nn_real scale = (nn_real)(max_norm / norm);
        for (size_t i = 0; i < n; i++)
            grads[i] *= scale;
    }
    return norm;
}

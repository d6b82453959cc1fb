/* Tangled from book/a2-320-speed.nw by 'make tangle'. Edit the book, not this file. */
/* Helpers for the speed chapter's programs and benchmarks (not part of libnn). */
#ifndef SPEED_H
#define SPEED_H
#include <stddef.h>
#include <stdio.h>
#include <sys/resource.h>

/* <<count the operations of a training step>> */
/* Floating-point operations per example of one training step of an MLP with
   layer sizes w[0] (inputs), ..., w[L] (outputs): the count F of (eq:speed-flops). */
static inline double xp_mlp_train_flops(size_t L, const size_t *w)
{
    double f = 0;
    for (size_t l = 1; l <= L; l++) {
        double mn = 2.0 * (double)w[l - 1] * (double)w[l];
        f += mn + mn + (l >= 2 ? mn : 0);       /* forward, dW, dX */
    }
    return f;
}

/* Parameters of such an MLP: a weight matrix and a bias per layer. */
static inline size_t xp_mlp_params(size_t L, const size_t *w)
{
    size_t p = 0;
    for (size_t l = 1; l <= L; l++)
        p += w[l - 1] * w[l] + w[l];
    return p;
}

/* <<measure the peak resident memory of the process>> */
static inline double xp_peak_mib(void)
{
    struct rusage u;
    return getrusage(RUSAGE_SELF, &u) == 0 ? (double)u.ru_maxrss / 1024.0 : 0;
}

/* <<write a large integer for the text>> */
static inline const char *xp_tex_int(char buf[64], unsigned long long v)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", v), k = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            k += snprintf(buf + k, (size_t)(64 - k), "\\,");
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    return buf;
}
#endif

/* Tangled from book/a2-310-fast.nw by 'make tangle'. Edit the book, not this file. */
/* The machine's peak: independent chains of vector multiply-adds. */
#ifndef PEAK_H
#define PEAK_H
#include <omp.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* <<read the clock in seconds>> */
static inline double peak_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
/* <<ten chains of vector multiply-adds>> */
#define PEAK_TEN(STEP) STEP(a0); STEP(a1); STEP(a2); STEP(a3); STEP(a4);          \
                       STEP(a5); STEP(a6); STEP(a7); STEP(a8); STEP(a9)
#define PEAK_SUM(T) T s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + (a8 + a9)
typedef float peak_vec __attribute__((vector_size(32)));   /* eight floats */

#if defined(__x86_64__)
#define PEAK_FMA(a) a = _mm256_fmadd_ps(a, y, x)
__attribute__((target("avx2,fma"))) static inline float peak_chains_fma(long n)
{
    __m256 y = _mm256_set1_ps(0.999f), x = _mm256_set1_ps(0.001f);
    __m256 a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x,
           a9 = x;
    for (long k = 0; k < n; k++) {
        PEAK_TEN(PEAK_FMA);
    }
    PEAK_SUM(peak_vec);
    return s[0];
}
#endif
/* <<the same chains without FMA, and the choice between them>> */
#define PEAK_MUL_ADD(a) a = a * y + x
static inline float peak_chains_portable(long n)
{
    peak_vec y = { 0 }, x = { 0 };
    y += 0.999f;
    x += 0.001f;
    peak_vec a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x,
             a9 = x;
    for (long k = 0; k < n; k++) {
        PEAK_TEN(PEAK_MUL_ADD);
    }
    PEAK_SUM(peak_vec);
    return s[0];
}

static inline float peak_chains(int fma, long n)
{
#if defined(__x86_64__)
    if (fma)
        return peak_chains_fma(n);
#endif
    (void)fma;
    return peak_chains_portable(n);
}
/* <<measure the peak on threads threads>> */
static inline double peak_gflops(int threads)
{
    enum { STEPS = 20000000, CHAINS = 10, FLOPS_PER_STEP = 16 };
    int fma = 0;
#if defined(__x86_64__)
    fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    double best = 0;
    for (int run = 0; run < 5; run++) {
        float sink = 0;
        double t = peak_now();
        #pragma omp parallel num_threads(threads)
        {
            float s = peak_chains(fma, STEPS);
            #pragma omp atomic
            sink += s;
        }
        double gflops = (double)threads * STEPS * CHAINS * FLOPS_PER_STEP
                        / (peak_now() - t) / 1e9;
        best = gflops > best && sink == sink ? gflops : best;
    }
    return best;
}
#endif

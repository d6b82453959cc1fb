/* Tangled from book/a2-310-fast.nw by 'make tangle'. Edit the book, not this file. */
/* The machine's peak: independent chains of vector multiply-adds. */
#ifndef PEAK_H
#define PEAK_H
#include <omp.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* <<ten chains of vector multiply-adds>> */
#define PEAK_TEN(STEP) STEP(a0); STEP(a1); STEP(a2); STEP(a3); STEP(a4);          \
                       STEP(a5); STEP(a6); STEP(a7); STEP(a8); STEP(a9)
#define PEAK_START(T) T a0 = x, a1 = 2.0f * x, a2 = 3.0f * x, a3 = 4.0f * x,      \
                        a4 = 5.0f * x, a5 = 6.0f * x, a6 = 7.0f * x, a7 = 8.0f * x, \
                        a8 = 9.0f * x, a9 = 10.0f * x
#define PEAK_SUM(T) T s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + (a8 + a9)
typedef float peak_vec __attribute__((vector_size(32)));   /* eight floats */

#if defined(__x86_64__)
#define PEAK_FMA(a) a = _mm256_fmadd_ps(a, y, x)
__attribute__((target("avx2,fma"))) static inline float peak_chains_fma(long n)
{
    __m256 y = _mm256_set1_ps(0.999f), x = _mm256_set1_ps(0.001f);
    PEAK_START(__m256);
    for (long k = 0; k < n; k++) {
        PEAK_TEN(PEAK_FMA);
    }
    PEAK_SUM(peak_vec);
    return s[0];
}
#endif
/* <<the same chains in AVX-512's wide registers>> */
#if defined(__x86_64__)
#define PEAK_FMA_WIDE(a) a = _mm512_fmadd_ps(a, y, x)
__attribute__((target("avx512f"))) static inline float peak_chains_wide(long n)
{
    __m512 y = _mm512_set1_ps(0.999f), x = _mm512_set1_ps(0.001f);
    PEAK_START(__m512);
    for (long k = 0; k < n; k++) {
        PEAK_TEN(PEAK_FMA_WIDE);
    }
    PEAK_SUM(__m512);
    return s[0];
}
#endif
/* <<the same chains without FMA>> */
#define PEAK_MUL_ADD(a) a = a * y + x
static inline float peak_chains_portable(long n)
{
    peak_vec y = { 0 }, x = { 0 };
    y += 0.999f;
    x += 0.001f;
    PEAK_START(peak_vec);
    for (long k = 0; k < n; k++) {
        PEAK_TEN(PEAK_MUL_ADD);
    }
    PEAK_SUM(peak_vec);
    return s[0];
}
/* <<choose the widest chains the processor runs>> */
static inline int peak_lanes(void)
{
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx512f"))
        return 16;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return 8;
#endif
    return 0;
}

static inline float peak_chains(int lanes, long n)
{
#if defined(__x86_64__)
    if (lanes == 16)
        return peak_chains_wide(n);
    if (lanes == 8)
        return peak_chains_fma(n);
#endif
    return peak_chains_portable(n);
}
/* <<measure the peak on threads threads>> */
static inline double peak_gflops(int threads)
{
    enum { STEPS = 20000000, CHAINS = 10 };
    int lanes = peak_lanes();
    double flops_per_step = 2.0 * (lanes ? lanes : 8);
    double best = 0;
    for (int run = 0; run < 5; run++) {
        float sink = 0;
        double t = nn_seconds();
        #pragma omp parallel num_threads(threads)
        {
            float s = peak_chains(lanes, STEPS);
            #pragma omp atomic
            sink += s;
        }
        double gflops = (double)threads * STEPS * CHAINS * flops_per_step
                        / (nn_seconds() - t) / 1e9;
        best = gflops > best && sink == sink ? gflops : best;
    }
    return best;
}
#endif

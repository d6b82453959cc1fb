/* Tangled from book/a2-100-neuron.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include "nn.h"

/* <<advance the generator and permute its output>> */
uint32_t nn_rng_u32(nn_rng *r)
{
    uint64_t old = r->state;
    r->state = old * NN_RNG_MULTIPLIER + r->inc;
    return nn_rng_permute(old);
}
/* <<seed the generator>> */
void nn_rng_seed(nn_rng *r, uint64_t seed, uint64_t stream)
{
    r->state = 0;
    r->inc = (stream << 1u) | 1u;      /* the increment must be odd */
    nn_rng_u32(r);
    r->state += seed;
    nn_rng_u32(r);
}
/* <<draw a bounded integer>> */
uint32_t nn_rng_below(nn_rng *r, uint32_t n)
{
    uint32_t threshold = (uint32_t)(-n) % n;     /* 2^32 mod n */
    for (;;) {
        uint32_t x = nn_rng_u32(r);
        if (x >= threshold)
            return x % n;
    }
}
/* <<draw uniform and normal reals>> */
double nn_rng_uniform(nn_rng *r)
{
    uint32_t hi = nn_rng_u32(r) >> 5;       /* 27 bits */
    uint32_t lo = nn_rng_u32(r) >> 6;       /* 26 bits */
    return (hi * 67108864.0 + lo) / 9007199254740992.0;     /* / 2^53 */
}

double nn_rng_normal(nn_rng *r)
{
    double u1 = 1.0 - nn_rng_uniform(r);    /* in (0, 1]: log is finite */
    double u2 = nn_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}
/* <<skip ahead in the sequence>> */
void nn_rng_skip(nn_rng *r, uint64_t n)
{
    uint64_t mul = 1, add = 0;                          /* the jump so far */
    uint64_t step_mul = NN_RNG_MULTIPLIER, step_add = r->inc;   /* jump 2^k */
    for (; n > 0; n >>= 1) {
        if (n & 1)
            mul *= step_mul, add = add * step_mul + step_add;
        step_add *= step_mul + 1;
        step_mul *= step_mul;
    }
    r->state = mul * r->state + add;
}

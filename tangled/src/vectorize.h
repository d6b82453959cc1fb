/* Tangled from book/320-speed.nw by 'make tangle'. Edit the book, not this file. */
/* NN_VECTORIZE: compile a function for AVX-512, for AVX2 and for plain
   x86-64, and run the widest the processor has (the speed chapter). */
#ifndef NN_VECTORIZE_H
#define NN_VECTORIZE_H
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NN_VECTORIZE __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NN_VECTORIZE
#endif
#endif

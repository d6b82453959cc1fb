/* Tangled from book/a2-330-robust.nw by 'make tangle'. Edit the book, not this file. */
/* The table of bad inputs (bad-inputs.c).  Not part of libnn. */
#ifndef BAD_INPUTS_H
#define BAD_INPUTS_H
#include <stddef.h>
#include "nn.h"

typedef struct bi_bytes { unsigned char b[1024]; size_t n; } bi_bytes;
/* <<the type of a row of bad inputs>> */
enum { BI_IDX, BI_MODEL, BI_MODEL_INTO, BI_TRAIN };     /* which loader */

typedef struct bad_input {
    const char *what;                   /* the row, in words */
    int       (*make)(const char *dir); /* damages the good files */
    int         loader;
    const char *file;                   /* the file given to the loader */
    double      poison;                 /* BI_TRAIN: a feature's value */
    nn_status   status;
    const char *message;                /* @F: the file, @L: the labels, @*: any */
    int         needs_non_root;         /* root can read unreadable files */
} bad_input;
extern const bad_input bad_inputs[];
extern const size_t    bi_n_rows;

bi_bytes    bi_images(unsigned long n, unsigned long rows, unsigned long cols);
bi_bytes    bi_labels(unsigned long n);
size_t      bi_gzip(const unsigned char *in, size_t n, unsigned char *out,
                    size_t cap);
const char *bi_path(char *buf, const char *dir, const char *name);
int         bi_write(const char *dir, const char *name, const void *b, size_t n);
nn_status   bi_run(const bad_input *row, const char *dir, nn_error *err);
void        bi_clean(const char *dir);
int         bi_matches(const char *msg, const char *pattern, const char *file,
                       const char *labels);
#endif

/* Tangled from book/a2-100-neuron.nw by 'make tangle'. Edit the book, not this file. */
/* Helpers shared by the experiment programs (not part of libnn). */
#ifndef EXPERIMENT_H
#define EXPERIMENT_H
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { XP_SEED = 20261122 };    /* the seed of every figure in the book */

/* <<stop the program with a message>> */
static inline void xp_die(const char *msg)
{
    fprintf(stderr, "error: %s\n", msg);
    exit(1);
}

static inline const char *xp_outdir(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-' || argv[1][0] == '\0') {
        fprintf(stderr, "usage: %s OUTDIR\n(the folder for its data; it takes no "
                "options)\n", argc > 0 ? argv[0] : "program");
        exit(2);
    }
    printf("%s: seed %d, %s precision\n", argv[0], (int)XP_SEED, NN_PRECISION);
    return argv[1];
}
/* <<open and close an output file>> */
static inline FILE *xp_open(const char *dir, const char *name)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path) {
        fprintf(stderr, "error: cannot write %s/%s: path too long\n", dir, name);
        exit(1);
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "error: cannot write %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

static inline void xp_close(FILE *f)
{
    if (ferror(f) | fclose(f))
        xp_die("writing an output file failed (disk full?)");
}
/* <<define a number for the text>> */
static inline void xp_def(FILE *f, const char *name, const char *fmt, ...)
{
    char v[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v, sizeof v, fmt, ap);
    va_end(ap);
    size_t n = strlen(v), digits = strspn(v, "0123456789");
    fprintf(f, "\\newcommand{\\%s}{", name);
    for (size_t i = 0; i < n; i++) {
        if (digits == n && n >= 5 && i > 0 && (n - i) % 3 == 0)
            fputs("\\,", f);                   /* 50\,000 */
        fputc(v[i], f);
    }
    fprintf(f, "}\n");
}
/* <<format a number in scientific notation for the text>> */
static inline const char *xp_tex_sci(char buf[64], double v, int digits)
{
    int e = v == 0 ? 0 : (int)floor(log10(fabs(v)));
    double m = v / pow(10, e), scale = pow(10, digits);
    if (fabs(round(m * scale) / scale) >= 10) {     /* 9.96 rounds to 10.0 */
        m /= 10;
        e++;
    }
    snprintf(buf, 64, "%.*f\\times10^{%d}", digits, m, e);
    return buf;
}
#endif

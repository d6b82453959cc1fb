/* Tangled from book/241-augmentation.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"

/* <<the names and checks of the augmentations>> */
static const char *const aug_names[] = { "shift", "rotate", "elastic" };
enum { AUG_N = sizeof aug_names / sizeof aug_names[0] };

nn_augment nn_augment_defaults(void)
{
    return (nn_augment){ .transforms = 0, .shift = 2, .rotate = 10, .alpha = 34,
                         .sigma = 4, .background = 0 };
}

const char *nn_augment_name(unsigned transform)
{
    for (int k = 0; k < AUG_N; k++)
        if (transform == 1u << k)
            return aug_names[k];
    return "unknown";
}
/* <<the names and checks of the augmentations>> */
const char *nn_augment_check(const nn_augment *a, size_t rows, size_t cols)
{
    if (a->transforms & ~(unsigned)NN_AUG_ALL)
        return "an unknown transform";
    if (rows == 0 || cols == 0)
        return "images need rows and columns";
    if (a->shift > (rows < cols ? rows : cols) / 2)
        return "the shift is more than half the image";
    if (!(a->rotate >= 0 && a->rotate <= 180))
        return "the rotation must be from 0 to 180 degrees";
    if (!(a->alpha >= 0 && a->alpha <= 100) || !(a->sigma >= 0.5 && a->sigma <= 10))
        return "the elastic alpha must be from 0 to 100, sigma from 0.5 to 10";
    if (!isfinite(a->background))
        return "the background must be a finite number";
    return NULL;
}

nn_status nn_augment_parse(const char *list, unsigned *transforms)
{
    *transforms = 0;
    for (const char *p = list; ; p++) {
        size_t len = strcspn(p, ",");
        int k = 0;
        while (k < AUG_N && !(strlen(aug_names[k]) == len
                              && strncmp(p, aug_names[k], len) == 0))
            k++;
        if (k == AUG_N)
            return NN_EINVAL;
        *transforms |= 1u << k;
        p += len;
        if (!*p)
            return NN_OK;
    }
}
/* <<read an image between pixels, bilinearly>> */
static double aug_pixel(const nn_real *x, size_t rows, size_t cols, long r, long c,
                        double bg)
{
    return r < 0 || c < 0 || r >= (long)rows || c >= (long)cols
           ? bg : (double)x[(size_t)r * cols + (size_t)c];
}

static double aug_bilinear(const nn_real *x, size_t rows, size_t cols, double y,
                           double xc, double bg)
{
    double r0 = floor(y), c0 = floor(xc), f = y - r0, g = xc - c0;
    long r = (long)r0, c = (long)c0;
    double a = aug_pixel(x, rows, cols, r, c, bg),
           b = aug_pixel(x, rows, cols, r, c + 1, bg),
           d = aug_pixel(x, rows, cols, r + 1, c, bg),
           e = aug_pixel(x, rows, cols, r + 1, c + 1, bg);
    double v = (1 - f) * ((1 - g) * a + g * b) + f * ((1 - g) * d + g * e);
    double lo = fmin(fmin(a, b), fmin(d, e)), hi = fmax(fmax(a, b), fmax(d, e));
    return fmin(fmax(v, lo), hi);                   /* (eq:aug-bilinear) */
}
/* <<make the Gaussian kernel of the elastic field>> */
static size_t aug_kernel(double sigma, nn_real *k)      /* returns the radius */
{
    size_t radius = (size_t)ceil(3 * sigma);
    double sum = 0;
    for (size_t i = 0; i <= 2 * radius; i++) {
        double d = (double)i - (double)radius;
        sum += k[i] = (nn_real)exp(-d * d / (2 * sigma * sigma));
    }
    for (size_t i = 0; i <= 2 * radius; i++)
        k[i] = (nn_real)(k[i] / sum);                     /* 1/Z (eq:aug-elastic) */
    return radius;
}
/* <<smooth a field along one axis>> */
static void aug_smooth(const nn_real *in, nn_real *out, size_t rows, size_t cols,
                       int along_rows, const nn_real *k, size_t radius)
{
    long R = (long)radius, nr = (long)rows, nc = (long)cols;
    memset(out, 0, rows * cols * sizeof *out);
    for (long r = 0; r < nr; r++)
        for (long i = -R; i <= R; i++) {
            nn_real w = k[i + R], *o = out + r * nc;
            if (along_rows) {               /* o[c] += w in[r][c + i] */
                const nn_real *x = in + r * nc + i;
                for (long c = i < 0 ? -i : 0; c < (i > 0 ? nc - i : nc); c++)
                    o[c] += w * x[c];
            } else if (r + i >= 0 && r + i < nr) {   /* o[c] += w in[r + i][c] */
                const nn_real *x = in + (r + i) * nc;
                for (long c = 0; c < nc; c++)
                    o[c] += w * x[c];
            }
        }
}
/* <<draw a smooth random displacement field>> */
static void aug_field(const nn_augment *a, size_t rows, size_t cols, nn_real *field,
                      nn_real *tmp, const nn_real *k, size_t radius, nn_rng *rng)
{
    for (size_t i = 0; i < rows * cols; i++)
        field[i] = (nn_real)(2 * nn_rng_uniform(rng) - 1);       /* u in [-1, 1) */
    aug_smooth(field, tmp, rows, cols, 1, k, radius);
    aug_smooth(tmp, field, rows, cols, 0, k, radius);
    for (size_t i = 0; i < rows * cols; i++)
        field[i] = (nn_real)(a->alpha * field[i]);          /* (eq:aug-elastic) */
}
/* <<augment one image>> */
static void aug_image(const nn_augment *a, size_t rows, size_t cols, nn_real *x,
                      nn_real *work, nn_rng *rng)
{
    size_t n = rows * cols, radius = 0;
    nn_real *dr = work, *dc = work + n, *tmp = work + 2 * n, *out = work + 3 * n;
    double tr = 0, tc = 0, th = 0;
    if (a->transforms & NN_AUG_SHIFT) {
        tr = (double)nn_rng_below(rng, 2 * a->shift + 1) - (double)a->shift;
        tc = (double)nn_rng_below(rng, 2 * a->shift + 1) - (double)a->shift;
    }
    if (a->transforms & NN_AUG_ROTATE)
        th = (2 * nn_rng_uniform(rng) - 1) * a->rotate * 3.14159265358979323846 / 180;
    if (a->transforms & NN_AUG_ELASTIC) {
        radius = aug_kernel(a->sigma, work + 4 * n);
        aug_field(a, rows, cols, dr, tmp, work + 4 * n, radius, rng);
        aug_field(a, rows, cols, dc, tmp, work + 4 * n, radius, rng);
    }
    /* <<read every new pixel from where the inverse map sends it>> */
    double cs = cos(th), sn = sin(th), orow = ((double)rows - 1) / 2,
           ocol = ((double)cols - 1) / 2;
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            double qr = (double)r, qc = (double)c;
            if (a->transforms & NN_AUG_ELASTIC)                 /* q + Delta(q) */
                qr += dr[r * cols + c], qc += dc[r * cols + c];
            double ur = qr - orow - tr, uc = qc - ocol - tc;   /* (eq:aug-rotate) */
            double pr = orow + cs * ur + sn * uc, pc = ocol - sn * ur + cs * uc;
            out[r * cols + c] = (nn_real)aug_bilinear(x, rows, cols, pr, pc,
                                                      a->background);
        }
    memcpy(x, out, n * sizeof *x);
}
/* <<augment a batch of images>> */
size_t nn_augment_work(const nn_augment *a, size_t n_features)
{
    size_t taps = a->transforms & NN_AUG_ELASTIC ? 2 * (size_t)ceil(3 * a->sigma) + 1
                                                 : 0;
    return 4 * n_features + taps;
}

nn_status nn_augment_batch(const nn_augment *a, size_t B, size_t rows, size_t cols,
                           nn_real *X, nn_real *work, nn_rng *rng)
{
    if (nn_augment_check(a, rows, cols))
        return NN_EINVAL;
    for (size_t i = 0; a->transforms && i < B; i++)
        aug_image(a, rows, cols, X + i * rows * cols, work, rng);
    return NN_OK;
}

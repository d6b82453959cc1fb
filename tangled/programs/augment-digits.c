/* Tangled from book/a2-241-augmentation.nw by 'make tangle'. Edit the book, not this file. */
/* augment-digits: one digit and a grid of its augmented versions.
   Usage: augment-digits OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include <string.h>
#include "nn.h"
#include "experiment.h"
#include "learning.h"

enum { SIDE = 28, VERSIONS = 7, ROWS = 4, PAD = 2, CELL = SIDE + PAD, FRAME = 40 };
static const unsigned row_transforms[ROWS] = { NN_AUG_SHIFT, NN_AUG_ROTATE,
                                               NN_AUG_ELASTIC, NN_AUG_ALL };
static double mosaic[ROWS * CELL + PAD][(VERSIONS + 1) * CELL + PAD];

/* <<draw one row of augmented digits>> */
static void draw_row(const nn_dataset *train, int row, nn_rng *rng)
{
    nn_augment a = nn_augment_defaults();
    a.transforms = row_transforms[row];
    nn_real x[SIDE * SIDE], work[4 * SIDE * SIDE + 64];
    for (int k = 0; k <= VERSIONS; k++) {
        const nn_real *src = nn_dataset_rows(train, 0, 1, x);
        if (src != x)
            memcpy(x, src, sizeof x);
        if (k > 0 && nn_augment_batch(&a, 1, SIDE, SIDE, x, work, rng) != NN_OK)
            xp_die("cannot augment the digit");
        for (int i = 0; i < SIDE; i++)
            for (int j = 0; j < SIDE; j++)
                mosaic[PAD + row * CELL + i][PAD + k * CELL + j] =
                    255 * (double)x[i * SIDE + j];
    }
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train;
    xp_load_mnist("train", &train);
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 24);
    for (size_t r = 0; r < ROWS * CELL + PAD; r++)
        for (size_t c = 0; c < (VERSIONS + 1) * CELL + PAD; c++)
            mosaic[r][c] = -FRAME;
    for (int row = 0; row < ROWS; row++)
        draw_row(&train, row, &rng);
    /* <<write the mosaic and the augmentation's numbers>> */
    FILE *f = xp_open(dir, "mosaic.dat"), *num = xp_open(dir, "numbers.tex");
    enum { WIDE = (VERSIONS + 1) * CELL + PAD };
    for (size_t r = 0; r < ROWS * CELL + PAD; r++)
        for (size_t c = 0; c < WIDE; c++)
            fprintf(f, "%.0f%c", mosaic[r][c], c + 1 < WIDE ? ' ' : '\n');
    xp_close(f);
    nn_augment a = nn_augment_defaults();
    xp_def(num, "AugShift", "%u", a.shift);
    xp_def(num, "AugRotate", "%g", a.rotate);
    xp_def(num, "AugAlpha", "%g", a.alpha);
    xp_def(num, "AugSigma", "%g", a.sigma);
    xp_def(num, "AugVersions", "%d", VERSIONS);
    xp_def(num, "AugDigitLabel", "%d", train.labels[0]);
    xp_close(num);
    nn_dataset_free(&train);
    return 0;
}

/* Tangled from book/a2-330-robust.nw by 'make tangle'. Edit the book, not this file. */
/* Fuzz target: the IDX loader on gzipped files. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_make_dir();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_idx(data, size, 1);
    return 0;
}

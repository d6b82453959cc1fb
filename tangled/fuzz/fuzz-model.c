/* Tangled from book/a2-330-robust.nw by 'make tangle'. Edit the book, not this file. */
/* Fuzz target: the model-file loader. */
#include "fuzz.h"

static nn_net *fixed;           /* 2 -> 3 ReLU -> 2, the seeds' architecture */

/* <<repair the checksums of a model file>> */
static void put_crc(unsigned char *at, uint32_t crc)
{
    for (int k = 0; k < 4; k++)
        at[k] = (unsigned char)(crc >> 8 * k);
}

static void repair(unsigned char *b, size_t n)
{
    uint64_t P = 0;
    for (int k = 7; n >= 32 && k >= 0; k--)
        P = P << 8 | b[20 + k];
    if (n >= 32)
        put_crc(b + 28, nn_crc32(0, b, 28));
    if (n >= 36 && P < n - 36 && n - 36 - P >= 24) {    /* a model, then a section */
        put_crc(b + 32 + P, nn_crc32(0, b + 32, (size_t)P));
        put_crc(b + n - 4, nn_crc32(0, b + 36 + P, (size_t)(n - 40 - P)));
    } else if (n >= 36)
        put_crc(b + n - 4, nn_crc32(0, b + 32, n - 36));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const size_t sizes[] = { 2, 3, 2 };
    (void)argc, (void)argv;
    fz_make_dir();
    if (nn_net_mlp(&fixed, 3, sizes, nn_act_default(NN_ACT_RELU), 2, NULL) != NN_OK)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    /* <<write the input as a model file, with its checksums repaired if it asks>> */
    unsigned char *b = malloc(size + 1);
    if (size == 0 || !b)
        return free(b), 0;
    memcpy(b, data + 1, size - 1);
    if (data[0] & 1)
        repair(b, size - 1);
    if (bi_write(fz_dir, "model.nnm", b, size - 1) != 0)
        abort();
    free(b);
    bi_path(path, fz_dir, "model.nnm");
    /* <<load a new network from the input and run it>> */
    nn_net *net;
    nn_error err = { NN_OK, "" };
    nn_status s = nn_model_load(&net, path, 2, &err);
    fz_check(s, &err, path, NULL);
    if (s == NN_OK) {
        nn_real *X = calloc(2 * nn_net_n_in(net), sizeof *X);
        const nn_real *Y;
        if (!X || nn_net_forward(net, 2, X, 0, NULL, &Y) != NN_OK)
            abort();
        free(X);
        nn_net_free(net);
    }
    /* <<load the input as a checkpoint>> */
    nn_checkpoint ck;
    s = nn_checkpoint_load(&net, &ck, path, 2, &err);
    fz_check(s, &err, path, NULL);
    if (s == NN_OK)
        nn_net_free(net), nn_checkpoint_free(&ck);
    /* <<load the input into the fixed network>> */
    size_t np;
    nn_real *p = nn_net_params(fixed, &np), before[64];
    memcpy(before, p, np * sizeof *p);
    s = nn_model_load_into(fixed, path, &err);
    fz_check(s, &err, path, NULL);
    if (s != NN_OK && memcmp(before, p, np * sizeof *p) != 0)
        abort();
    memcpy(p, before, np * sizeof *p);
    return 0;
}

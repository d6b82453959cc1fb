/* Tangled from book/a2-330-robust.nw by 'make tangle'. Edit the book, not this file. */
/* Writes the seed corpora of the fuzz targets into a folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "nn.h"
#include "bad-inputs.h"

/* <<write one seed>> */
static void write_seed(const char *top, const char *target, const char *name, int route,
                 const unsigned char *b, size_t n)
{
    char dir[256];
    unsigned char buf[2048];
    snprintf(dir, sizeof dir, "%s/%s", top, target);
    mkdir(top, 0755), mkdir(dir, 0755);
    if (n == 0 || n + 1 > sizeof buf) {
        fprintf(stderr, "make-seeds: no seed %s of %zu bytes\n", name, n);
        exit(1);
    }
    buf[0] = (unsigned char)route;
    memcpy(buf + 1, b, n);
    if (bi_write(dir, name, buf, n + 1) != 0) {
        fprintf(stderr, "make-seeds: cannot write %s/%s\n", dir, name);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: %s FOLDER\n", argc > 0 ? argv[0] : "make-seeds");
        return 2;
    }
    const char *top = argv[1];
    /* <<write the seeds of the IDX targets>> */
    bi_bytes im = bi_images(3, 2, 2), lb = bi_labels(3);
    unsigned char z[1024];
    write_seed(top, "idx-raw", "images", 0, im.b, im.n);
    write_seed(top, "idx-raw", "labels", 1, lb.b, lb.n);
    write_seed(top, "idx-gz", "images.gz", 0, z, bi_gzip(im.b, im.n, z, sizeof z));
    write_seed(top, "idx-gz", "labels.gz", 1, z, bi_gzip(lb.b, lb.n, z, sizeof z));
    write_seed(top, "idx-gz", "images-to-gzip", 2, im.b, im.n);
    write_seed(top, "idx-gz", "labels-to-gzip", 3, lb.b, lb.n);
    /* <<write the seeds of the model target>> */
    const size_t sizes[] = { 2, 3, 2 };
    nn_act acts[3] = { nn_act_default(NN_ACT_RELU), nn_act_default(NN_ACT_LEAKY_RELU),
                       nn_act_default(NN_ACT_RELU) };
    const char *names[3][2] = { { "relu", "relu-repaired" },
                                { "leaky-relu", "leaky-relu-repaired" },
                                { "residual", "residual-repaired" } };
    char path[512];
    acts[1].alpha = 0.2;
    for (int k = 0; k < 3; k++) {                   /* the third: one residual block */
        nn_rng rng;
        nn_net *net;
        unsigned char b[2048];
        nn_rng_seed(&rng, 10, 1);
        snprintf(path, sizeof path, "%s/scratch.nnm", top);
        FILE *f = NULL;
        size_t n = 0;
        if (nn_net_mlp_blocks(&net, 3, sizes, NULL, acts[k], nn_init_for(acts[k].kind), 0,
                              k == 2, 1, 4, &rng) != NN_OK
            || nn_model_save(net, path, NULL) != NN_OK || !(f = fopen(path, "rb"))
            || (n = fread(b, 1, sizeof b, f)) == sizeof b) {
            fprintf(stderr, "make-seeds: cannot write %s\n", path);
            return 1;
        }
        fclose(f), remove(path), nn_net_free(net);
        write_seed(top, "model", names[k][0], 0, b, n);
        write_seed(top, "model", names[k][1], 1, b, n);
    }
    /* <<write a checkpoint seed of the model target>> */
    {                                               /* sizes, path: as above */
        size_t order[4] = { 2, 0, 3, 1 }, np, n = 0;
        char text[] = "--hidden 3\n--optimizer adam\n--schedule cosine\n";
        nn_checkpoint ck = { .settings = text, .has_sched = 1 };
        nn_optim_config oc = nn_optim_suggested(NN_OPTIM_ADAM);
        nn_sched_config sc = nn_sched_default(NN_SCHED_COSINE, oc.lr);
        nn_net *net;
        unsigned char b[2048];
        FILE *f = NULL;
        nn_rng_seed(&ck.state.rng, 10, 1);
        ck.state.epochs_done = 1, ck.state.n = 4, ck.state.order = order;
        /* <<save the checkpoint seed and read its bytes>> */
        if (nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_RELU), 4, &ck.state.rng)
                != NN_OK
            || (nn_net_params(net, &np), nn_sched_init(&ck.sched, &sc)) != NN_OK
            || nn_optim_create(&ck.opt, &oc, np) != NN_OK
            || (nn_optim_set_steps(ck.opt, 1), 0)
            || nn_checkpoint_save(net, &ck, path, NULL) != NN_OK || !(f = fopen(path, "rb"))
            || (n = fread(b, 1, sizeof b, f)) == sizeof b) {
            fprintf(stderr, "make-seeds: cannot write %s\n", path);
            return 1;
        }
        fclose(f), remove(path), nn_net_free(net), nn_optim_free(ck.opt);
        write_seed(top, "model", "checkpoint", 0, b, n);
        write_seed(top, "model", "checkpoint-repaired", 1, b, n);
    }
    return 0;
}

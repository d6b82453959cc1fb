/* Tangled from book/a2-320-speed.nw by 'make tangle'. Edit the book, not this file. */
/* Counts the library's allocations while it trains (linked with --wrap). */
#include <stdio.h>
#include <stdlib.h>
#include "nn.h"
#include "experiment.h"

/* <<count every allocation the library makes>> */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static unsigned long allocations;

void *__wrap_malloc(size_t n) { allocations++; return __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { allocations++; return __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { allocations++; return __real_realloc(p, n); }

/* <<record the count at the first and the last step>> */
typedef struct counts {
    unsigned long first, last;      /* allocations so far, at the first/last step */
    size_t steps;
} counts;

static void on_step(void *ctx, const nn_progress *p)
{
    counts *c = ctx;
    (void)p;
    if (c->steps++ == 0)
        c->first = allocations;
    c->last = allocations;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    /* <<train a small network while counting allocations>> */
    enum { N = 1000, IN = 20, C = 4, EPOCHS = 5 };
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 9);
    nn_dataset all, fit, val;
    if (nn_dataset_alloc(&all, N, 1, IN, C) != NN_OK)
        xp_die("out of memory");
    for (size_t i = 0; i < N; i++) {
        all.labels[i] = (int)nn_rng_below(&rng, C);
        for (size_t k = 0; k < IN; k++)
            all.x[i * IN + k] = (nn_real)nn_rng_uniform(&rng);
    }
    nn_dataset_split(&all, N / 5, &rng, &fit, &val);
    unsigned long before = allocations;
    size_t sizes[] = { IN, 32, 32, C };
    nn_net *net;
    nn_optim *opt;
    size_t np;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_RMSPROP);
    oc.lr = 0.001;
    if (nn_net_mlp(&net, 4, sizes, nn_act_default(NN_ACT_RELU), 64, &rng) != NN_OK
        || (nn_net_params(net, &np), nn_optim_create(&opt, &oc, np)) != NN_OK)
        xp_die("cannot make the network");
    counts cnt = { 0, 0, 0 };
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = EPOCHS, cfg.on_progress = on_step, cfg.ctx = &cnt;
    unsigned long setup = allocations;
    nn_error err = { NN_OK, "" };
    if (nn_train(net, opt, &cfg, &fit, &val, &rng, &err) != NN_OK)
        xp_die(err.msg);
    unsigned long total = allocations;
    /* <<write the counts, and fail if the loop allocated>> */
    FILE *f = xp_open(dir, "numbers.tex");
    xp_def(f, "SpeedAllocNet", "%lu", setup - before);
    xp_def(f, "SpeedAllocTrain", "%lu", total - setup);
    xp_def(f, "SpeedAllocSteps", "%zu", cnt.steps);
    xp_def(f, "SpeedAllocLoop", "%lu", cnt.last - cnt.first);
    xp_def(f, "SpeedAllocEpochs", "%d", (int)EPOCHS);
    xp_close(f);
    printf("allocations: %lu for the network and optimizer, %lu in nn_train,"
           " %lu between its first and last step (%zu steps)\n", setup - before,
           total - setup, cnt.last - cnt.first, cnt.steps);
    if (cnt.steps == 0 || cnt.last != cnt.first)
        xp_die("the training loop allocated memory");
    nn_optim_free(opt);
    nn_net_free(net);
    nn_dataset_free(&all);
    return 0;
}

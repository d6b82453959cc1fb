/* Tangled from book/a7-exercises.nw by 'make tangle'. Edit the book, not this file. */
/* Graded exercise res-deep (the book's chapter "Residual connections"):
   make a deep MLP train by giving its blocks skip connections.  The network
   is 784-96, ReLU, 15 blocks of width 96 (two dense layers each), and 10
   outputs: 32 dense layers.  It is trained twice on the 50000 training
   images, once with plain blocks and once with the blocks of add_block.
   Target: at least 97.5% accuracy on the 10000 test images with your
   blocks.  Write add_block, then run `make grade EX=res-deep`.  The
   self-check at the start tells a block without a skip from one with. */
#include <math.h>
#include <string.h>
#include "exercise.h"

#define TARGET_ACCURACY 97.5    /* percent of the test images */

/* <<the residual exercise's block, to write>> */
/* Append to net (width w) one block of width w, one of n_blocks in the
   network; return NN_OK or the library's status.  nn_layer_residual,
   nn_layer_dense (with NN_INIT_HE_NORMAL), nn_layer_act and nn_net_add
   are in nn.h. */
static nn_status add_block(nn_net *net, size_t w, size_t n_blocks)
{
    /* TODO: a residual block.  As shipped: dense, ReLU, dense, ReLU. */
    nn_act relu = nn_act_default(NN_ACT_RELU);
    nn_layer *l;
    nn_status s = NN_OK;
    (void)n_blocks;
    for (int k = 0; k < 4 && s == NN_OK; k++) {
        s = k % 2 ? nn_layer_act(&l, w, relu) : nn_layer_dense(&l, w, w,
                                                               NN_INIT_HE_NORMAL);
        if (s == NN_OK)
            s = nn_net_add(net, l);
    }
    return s;
}

/* <<the residual exercise's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
enum { N_IN = 784, WIDTH = 96, BLOCKS = 15, N_OUT = 10, BATCH = 64, EPOCHS = 8 };
static const double LR = 0.02, MOMENTUM = 0.9, PI = 3.14159265358979323846;

static nn_status plain_block(nn_net *net, size_t w)
{
    nn_layer *l;
    nn_status s = NN_OK;
    for (int k = 0; k < 4 && s == NN_OK; k++) {
        s = k % 2 ? nn_layer_act(&l, w, nn_act_default(NN_ACT_RELU))
                  : nn_layer_dense(&l, w, w, NN_INIT_HE_NORMAL);
        if (s == NN_OK)
            s = nn_net_add(net, l);
    }
    return s;
}
/* <<the residual exercise's scaffolding>> */
static void res_self_check(void)
{
    nn_net *net;
    const nn_real X[4] = { 1, 2, 3, 4 }, *Y;
    size_t n;
    if (nn_net_create(&net, 4) != NN_OK || add_block(net, 4, BLOCKS) != NN_OK
        || nn_net_build(net, 1) != NN_OK || nn_net_n_out(net) != 4)
        ex_die("self-check: add_block fails, or its block is not 4 wide");
    nn_real *p = nn_net_params(net, &n);
    memset(p, 0, n * sizeof *p);
    if (nn_net_forward(net, 1, X, 0, NULL, &Y) != NN_OK)
        ex_die("self-check: the block cannot run");
    int identity = 1, zero = 1;
    for (int j = 0; j < 4; j++)
        identity &= Y[j] == X[j], zero &= Y[j] == 0;
    printf("self-check: with zero weights your block gives %s\n", identity ?
           "its input back: it has a skip" : zero ? "zeros: it has no skip"
           : "something else: a bug");
    nn_net_free(net);
}
/* <<the residual exercise's scaffolding>> */
static nn_net *res_deep_net(int plain, nn_rng *rng)
{
    nn_net *net;
    nn_layer *l;
    nn_status s = nn_net_create(&net, N_IN);
    if (s == NN_OK && (s = nn_layer_dense(&l, N_IN, WIDTH, NN_INIT_HE_NORMAL)) == 0)
        s = nn_net_add(net, l);
    if (s == NN_OK && (s = nn_layer_act(&l, WIDTH, nn_act_default(NN_ACT_RELU))) == 0)
        s = nn_net_add(net, l);
    for (int b = 0; b < BLOCKS && s == NN_OK; b++)
        s = plain ? plain_block(net, WIDTH) : add_block(net, WIDTH, BLOCKS);
    if (s == NN_OK && (s = nn_layer_dense(&l, WIDTH, N_OUT, NN_INIT_HE_NORMAL)) == 0)
        s = nn_net_add(net, l);
    if (s != NN_OK || nn_net_build(net, BATCH) != NN_OK || nn_net_n_out(net) != N_OUT)
        ex_die("cannot build the network (does add_block keep the width?)");
    nn_net_init_params(net, rng);
    return net;
}
/* <<the residual exercise's scaffolding>> */
static double res_train(nn_net *net, const nn_dataset *fit, const nn_dataset *val,
                        nn_rng *rng, const char *name)
{
    /* <<set up the residual exercise's training>> */
    size_t np, steps = EPOCHS * ((fit->n + BATCH - 1) / BATCH);
    nn_real *params = nn_net_params(net, &np), *grads = nn_net_grads(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = LR, oc.momentum = MOMENTUM;
    nn_optim *opt;
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    nn_real *X = malloc(BATCH * N_IN * sizeof *X);
    int *labels = malloc(BATCH * sizeof *labels);
    size_t *order = malloc(fit->n * sizeof *order);
    if (!X || !labels || !order || nn_optim_create(&opt, &oc, np) != NN_OK)
        ex_die("out of memory");
    for (size_t k = 0; k < fit->n; k++)
        order[k] = k;
    double seconds = 0;
    int diverged = 0;
    for (size_t e = 1, step = 0; e <= EPOCHS && !diverged; e++) {
        /* <<train the residual exercise's network for one epoch>> */
        double sum = 0, t1 = nn_seconds();
        nn_shuffle(fit->n, order, rng);
        for (size_t i = 0; i < fit->n && !diverged; i += BATCH, step++) {
            size_t B = fit->n - i < BATCH ? fit->n - i : BATCH;
            const nn_real *Y;
            double loss;
            nn_dataset_gather(fit, B, order + i, X, labels);
            nn_net_zero_grad(net);                      /* backward adds to them */
            if (nn_net_forward(net, B, X, 1, rng, &Y) != NN_OK
                || nn_net_loss_backward(net, &L, NULL, labels, &loss) != NN_OK)
                ex_die("a training step failed");
            if (!isfinite(loss)) {
                printf("%s: the loss is not a finite number; training stops%s\n", name,
                       strcmp(name, "yours") == 0 ? " (do your blocks make the signal "
                       "explode?)" : "");
                diverged = 1;
                break;
            }
            nn_optim_set_lr(opt, LR * 0.5 * (1 + cos(PI * (double)step / (double)steps)));
            nn_optim_step(opt, params, grads);
            sum += loss * (double)B;
        }
        seconds += nn_seconds() - t1;
        printf("%s, ", name);
        ex_epoch_line(e, sum / (double)fit->n, ex_accuracy(net, val), seconds);
    }
    nn_optim_free(opt), free(X), free(labels), free(order);
    return seconds;
}
/* <<the residual exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    ex_split(&train, &fit, &val);
    res_self_check();
    printf("res-deep: 784-%d, %d blocks of %d, 10; SGD lr %g momentum %g, cosine, "
           "batches of %d, %d epochs\n", WIDTH, BLOCKS, WIDTH, LR, MOMENTUM, BATCH,
           EPOCHS);
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *plain = res_deep_net(1, &rng);
    res_train(plain, &fit, &val, &rng, "plain");
    printf("plain blocks: test accuracy %.2f%%\n", ex_accuracy(plain, &test));
    nn_net_free(plain);
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *net = res_deep_net(0, &rng);
    double seconds = res_train(net, &fit, &val, &rng, "yours");
    ex_report(net, &test, TARGET_ACCURACY, seconds);
    return 0;
}

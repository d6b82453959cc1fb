/* Tangled from book/a7-exercises.nw by 'make tangle'. Edit the book, not this file. */
/* Graded exercise reg-small (the book's chapter "Regularization"): a
   784-200-200-10 ReLU network trained on only 1000 training images with SGD
   (rate 0.01, momentum 0.9, batches of 32) overfits, and unregularized it
   misses the target (90.03% after 60 epochs).  Write penalty (TODO), choose
   the regularization (the L1 and L2 penalties, dropout after each hidden
   layer, the epochs), tune it on the validation accuracy, then run
   `make grade EX=reg-small`.  The self-check compares your penalty with the
   library's nn_penalty. */
#include <math.h>
#include "exercise.h"

#define TARGET_ACCURACY 90.6    /* percent of the test images */

/* <<the small-data exercise's fixed settings>> */
enum { N_IN = 784, HIDDEN = 200, N_OUT = 10, N_FIT = 1000, N_VAL = 2000,
       BATCH = 32, MAX_EPOCHS = 100 };
static const double LR = 0.01, MOMENTUM = 0.9;

/* <<the small-data exercise's penalty and settings, to write>> */
/* Your regularization: the penalties, dropout after each hidden activation
   (0 <= P_DROP < 1), and the epochs (at most MAX_EPOCHS). */
static const double L1 = 0, L2 = 0;                     /* TODO: choose */
static const double P_DROP = 0;                         /* TODO: choose */
enum { EPOCHS = 60 };                                   /* TODO: choose */

/* The penalty on the n parameters w where mask[i] is nonzero (the weights):
   adds its gradient to g and returns its value, equations (eq:reg-penalty)
   and (eq:reg-grad) of the chapter. */
static double penalty(size_t n, const nn_real *w, nn_real *g,
                      const unsigned char *mask, double l1, double l2)
{
    (void)n, (void)w, (void)g, (void)mask, (void)l1, (void)l2;
    return 0;                           /* TODO: the value, and the gradient */
}

/* <<the small-data exercise's scaffolding>> */
/* ---- The scaffolding: nothing to change below this line. ---- */
static void small_self_check(void)
{
    enum { N = 200 };
    nn_real w[N], g[N], h[N];
    unsigned char mask[N];
    nn_rng r;
    nn_rng_seed(&r, EX_SEED, 9);
    for (int i = 0; i < N; i++)
        w[i] = (nn_real)(0.1 * nn_rng_normal(&r)), g[i] = h[i] = (nn_real)i;
    for (int i = 0; i < N; i++)
        mask[i] = i % 5 != 4;
    double mine = penalty(N, w, g, mask, 0.01, 0.1);
    double want = nn_penalty(N, w, h, mask, 0.01, 0.1), d = 0;
    for (int i = 0; i < N; i++)
        d = fmax(d, fabs((double)g[i] - (double)h[i]));
    int ok = fabs(mine - want) <= 1e-5 * fabs(want) && d <= 1e-5;
    printf("self-check: your penalty %s the library's (value %.6g, the library's"
           " %.6g; largest difference in the gradient %.1e)\n",
           ok ? "agrees with" : "DIFFERS from", mine, want, d);
}
/* <<the small-data exercise's scaffolding>> */
int main(int argc, char **argv)
{
    ex_no_arguments(argc, argv);
    nn_dataset train, test, fit, val;
    ex_load_mnist(&train, &test);
    ex_split(&train, &fit, &val);
    nn_dataset few = nn_dataset_view(&fit, 0, N_FIT);
    nn_dataset v = nn_dataset_view(&val, 0, N_VAL);
    small_self_check();
    if (!(P_DROP >= 0 && P_DROP < 1) || !(L1 >= 0) || !(L2 >= 0) || EPOCHS < 1
        || (int)EPOCHS > (int)MAX_EPOCHS)
        ex_die("the settings are out of range (see their comments)");
    /* <<build the small-data exercise's network and optimizer>> */
    const size_t sizes[] = { N_IN, HIDDEN, HIDDEN, N_OUT };
    nn_rng rng;
    nn_rng_seed(&rng, EX_SEED, 2);
    nn_net *net;
    if (nn_net_mlp_dropout(&net, 4, sizes, nn_act_default(NN_ACT_RELU),
                           NN_INIT_HE_NORMAL, P_DROP, 500, &rng) != NN_OK)
        ex_die("cannot build the network");
    size_t np;
    nn_real *params = nn_net_params(net, &np), *grads = nn_net_grads(net, &np);
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = LR, oc.momentum = MOMENTUM;
    nn_optim *opt;
    unsigned char *mask = malloc(np);
    nn_real *X = malloc(BATCH * N_IN * sizeof *X);
    int *labels = malloc(BATCH * sizeof *labels);
    size_t *order = malloc(few.n * sizeof *order);
    if (nn_optim_create(&opt, &oc, np) != NN_OK || !mask || !X || !labels || !order)
        ex_die("out of memory");
    nn_net_decay_mask(net, mask);                   /* 1 for weights, 0 for biases */
    for (size_t k = 0; k < few.n; k++)
        order[k] = k;
    nn_loss L = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    printf("reg-small: 784-%d-%d-10 ReLU on %d images, L1 %g, L2 %g, dropout %g, "
           "%d epochs\n", HIDDEN, HIDDEN, N_FIT, L1, L2, P_DROP, EPOCHS);
    double seconds = 0;
    for (size_t e = 1; e <= EPOCHS; e++) {
        /* <<train the small-data exercise's network for one epoch>> */
        double sum = 0, t1 = nn_seconds();
        nn_shuffle(few.n, order, &rng);
        for (size_t i = 0; i < few.n; i += BATCH) {
            size_t B = few.n - i < BATCH ? few.n - i : BATCH;
            const nn_real *Y;
            double loss;
            nn_dataset_gather(&few, B, order + i, X, labels);
            nn_net_zero_grad(net);                      /* backward adds to them */
            nn_net_forward(net, B, X, 1, &rng, &Y);
            nn_net_loss_backward(net, &L, NULL, labels, &loss);
            loss += penalty(np, params, grads, mask, L1, L2);
            if (!isfinite(loss))
                ex_die("the loss is not a finite number: check the penalty");
            nn_optim_step(opt, params, grads);
            sum += loss * (double)B;
        }
        seconds += nn_seconds() - t1;
        ex_epoch_line(e, sum / (double)few.n, ex_accuracy(net, &v), seconds);
    }
    ex_report(net, &test, TARGET_ACCURACY, seconds);
    return 0;
}

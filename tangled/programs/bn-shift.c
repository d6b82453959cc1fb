/* Tangled from book/a2-250-batchnorm.nw by 'make tangle'. Edit the book, not this file. */
/* bn-shift: how one unit's input to its activation moves during training,
   without batch normalization, with it before the activation, and after.
   Usage: bn-shift OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "bn.h"

enum { SHIFT_VARIANTS = 3, SHIFT_EPOCHS = 6, SHIFT_PROBE = 1000, SHIFT_DEPTH = 3,
       SHIFT_WIDTH = 100, SHIFT_BATCH = 64 };
static const double SHIFT_LR = 0.05, SHIFT_MOMENTUM = 0.9;

/* <<what the shift experiment's probe needs>> */
typedef struct shift_ctx {
    nn_net *net;
    size_t probe;                   /* the layer whose output we watch */
    int variant;
    const om_data *d;
    FILE *out;
    double q[SHIFT_VARIANTS][SHIFT_EPOCHS + 1][3];
} shift_ctx;

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
/* <<probe one unit's input to its activation>> */
static int shift_probe(void *ctx, const nn_epoch_stats *s)
{
    shift_ctx *p = ctx;
    static nn_real X[SHIFT_PROBE * 784];
    double v[SHIFT_PROBE], *q = p->q[p->variant][s->epoch];
    const nn_real *in = nn_dataset_rows(&p->d->fit, 0, SHIFT_PROBE, X);
    size_t width = nn_net_layer(p->net, p->probe)->n_out, ns;
    nn_real *state = nn_net_state(p->net, &ns), saved[2 * 3 * SHIFT_WIDTH];
    memcpy(saved, state, ns * sizeof *state);           /* ns <= 6 x width */
    if (nn_net_forward(p->net, SHIFT_PROBE, in, 1, NULL, NULL) != NN_OK)
        xp_die("the probe's forward pass failed");
    memcpy(state, saved, ns * sizeof *state);
    const nn_real *z = nn_net_activation(p->net, p->probe + 1);
    for (size_t i = 0; i < SHIFT_PROBE; i++)
        v[i] = z[i * width];
    qsort(v, SHIFT_PROBE, sizeof *v, by_value);
    for (int k = 0; k < 3; k++)
        q[k] = v[(size_t)((0.1 + 0.4 * k) * (SHIFT_PROBE - 1) + 0.5)];
    fprintf(p->out, "%d %zu %.6g %.6g %.6g\n", p->variant, s->epoch, q[0], q[1],
            q[2]);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    om_data d;
    om_load(&d);
    FILE *out = xp_open(dir, "shift.dat");
    double acc[SHIFT_VARIANTS];
    shift_ctx pc = { .d = &d, .out = out };
    /* <<train the three networks of the shift experiment>> */
    const size_t sizes[] = { 784, SHIFT_WIDTH, SHIFT_WIDTH, SHIFT_WIDTH, 10 };
    for (int v = 0; v < SHIFT_VARIANTS; v++) {
        nn_rng init, order;
        nn_rng_seed(&init, XP_SEED, 25), nn_rng_seed(&order, XP_SEED, 26);
        nn_net *net = bn_build(v, SHIFT_DEPTH + 2, sizes, &init, &pc.probe);
        pc.net = net, pc.variant = v;
        /* <<train one network of the shift experiment>> */
        nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
        oc.lr = SHIFT_LR, oc.momentum = SHIFT_MOMENTUM;
        nn_optim *opt;
        size_t np;
        nn_net_params(net, &np);
        if (nn_optim_create(&opt, &oc, np) != NN_OK)
            xp_die("cannot create the optimizer");
        nn_train_config cfg = nn_train_defaults();
        cfg.epochs = SHIFT_EPOCHS, cfg.batch = SHIFT_BATCH;
        cfg.on_epoch = shift_probe, cfg.ctx = &pc;
        nn_error err = { NN_OK, "" };
        if (nn_train(net, opt, &cfg, &d.fit, NULL, &order, &err) != NN_OK)
            xp_die(err.msg);
        nn_optim_free(opt);
        acc[v] = bn_test_accuracy(net, &d);
        nn_net_free(net);
    }
    /* <<write the shift experiment's numbers>> */
    FILE *num = xp_open(dir, "numbers.tex");
    const char *vn[SHIFT_VARIANTS] = { "Plain", "Before", "After" };
    for (int v = 0; v < SHIFT_VARIANTS; v++) {
        char name[64];
        const double *a = pc.q[v][0], *b = pc.q[v][SHIFT_EPOCHS];
        snprintf(name, sizeof name, "BnShift%sFirst", vn[v]);
        xp_def(num, name, "%.2f", a[1]);
        snprintf(name, sizeof name, "BnShift%sLast", vn[v]);
        xp_def(num, name, "%.2f", b[1]);
        snprintf(name, sizeof name, "BnShift%sSpreadFirst", vn[v]);
        xp_def(num, name, "%.2f", a[2] - a[0]);
        snprintf(name, sizeof name, "BnShift%sSpreadLast", vn[v]);
        xp_def(num, name, "%.2f", b[2] - b[0]);
        snprintf(name, sizeof name, "BnShift%sAcc", vn[v]);
        xp_def(num, name, "%.2f", acc[v]);
        printf("%-6s median %.3f -> %.3f, spread %.3f -> %.3f, test %.2f%%\n", vn[v],
               a[1], b[1], a[2] - a[0], b[2] - b[0], acc[v]);
    }
    /* <<write the shift experiment's settings>> */
    xp_def(num, "BnShiftDepth", "%d", SHIFT_DEPTH);
    xp_def(num, "BnShiftWidth", "%d", SHIFT_WIDTH);
    xp_def(num, "BnShiftN", "%d", (int)OM_FIT);
    xp_def(num, "BnShiftLr", "%g", SHIFT_LR);
    xp_def(num, "BnShiftEpochs", "%d", SHIFT_EPOCHS);
    xp_def(num, "BnShiftProbe", "%d", SHIFT_PROBE);
    xp_close(num);
    xp_close(out);
    om_free(&d);
    return 0;
}

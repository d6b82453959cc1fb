/* Tangled from book/a2-221-optimizers-mnist.nw by 'make tangle'. Edit the book, not this file. */
/* optim-mnist: the training loss of every optimizer, epoch by epoch, on the
   same network, data and seed.  Usage: optim-mnist OUTDIR */
/* needs: mnist */
#include "optim-mnist.h"

enum { EPOCHS = 8, BATCH = 32 };

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    om_data d;
    om_run runs[OM_OPTIMIZERS];
    om_load(&d);
    /* <<optimizers on MNIST: train with every optimizer>> */
    for (size_t k = 0; k < OM_OPTIMIZERS; k++) {
        nn_optim_config oc = om_config(&om_optimizers[k]);
        printf("%s, learning rate %g\n", om_optimizers[k].label, oc.lr);
        om_train(&d, &oc, BATCH, EPOCHS, &runs[k]);
    }
    /* <<optimizers on MNIST: write the loss curves>> */
    FILE *dat = xp_open(dir, "losses.dat");
    fprintf(dat, "epoch");
    for (size_t k = 0; k < OM_OPTIMIZERS; k++)
        fprintf(dat, " %s", om_optimizers[k].label);
    for (size_t e = 1; e <= EPOCHS; e++) {
        fprintf(dat, "\n%zu", e);
        for (size_t k = 0; k < OM_OPTIMIZERS; k++)
            fprintf(dat, e <= runs[k].epochs ? " %.5f" : " NaN",
                    runs[k].st[e].train_loss);
    }
    fprintf(dat, "\n");
    xp_close(dat);
    FILE *gp = xp_open(dir, "params.gp");
    fprintf(gp, "n = %zu\n", OM_OPTIMIZERS);
    xp_close(gp);
    /* <<optimizers on MNIST: write the table and the numbers>> */
    FILE *tab = xp_open(dir, "table.tex"), *num = xp_open(dir, "numbers.tex");
    fprintf(tab, "\\begin{tabular}{@{}lrrr@{}}\n\\toprule\noptimizer & $\\eta$ & "
                 "training loss & validation accuracy (\\%%) \\\\\n\\midrule\n");
    for (size_t k = 0; k < OM_OPTIMIZERS; k++) {
        const om_run *r = &runs[k];
        double loss = r->st[r->epochs].train_loss, acc = 100 * r->st[r->epochs].val_acc;
        char name[64];
        fprintf(tab, "%s & %g & %.4f & %.2f \\\\\n", om_optimizers[k].label,
                om_config(&om_optimizers[k]).lr, loss, acc);
        snprintf(name, sizeof name, "OptMnistLoss%s", om_optimizers[k].macro);
        xp_def(num, name, "%.3f", loss);
        snprintf(name, sizeof name, "OptMnistVal%s", om_optimizers[k].macro);
        xp_def(num, name, "%.1f", acc);
    }
    fprintf(tab, "\\bottomrule\n\\end{tabular}\n");
    xp_close(tab);
    /* <<optimizers on MNIST: define the settings and the comparisons>> */
    size_t best = 0, sgd = om_find("SGD"), mom = om_find("momentum"), catch_up = 0;
    for (size_t k = 1; k < OM_OPTIMIZERS; k++)
        if (runs[k].st[EPOCHS].train_loss < runs[best].st[EPOCHS].train_loss)
            best = k;
    for (size_t e = EPOCHS; e >= 1; e--)
        if (runs[mom].st[e].train_loss <= runs[sgd].st[EPOCHS].train_loss)
            catch_up = e;
    xp_def(num, "OptMnistFit", "%s", xp_tex_int((char[64]){ 0 }, OM_FIT));
    xp_def(num, "OptMnistValN", "%s", xp_tex_int((char[64]){ 0 }, OM_VAL));
    xp_def(num, "OptMnistHidden", "%d", OM_HIDDEN);
    xp_def(num, "OptMnistParams", "%s", xp_tex_int((char[64]){ 0 },
           xp_mlp_params(2, (const size_t[]){ 784, OM_HIDDEN, 10 })));
    xp_def(num, "OptMnistEpochs", "%d", EPOCHS);
    xp_def(num, "OptMnistBatch", "%d", BATCH);
    xp_def(num, "OptMnistCount", "%zu", OM_OPTIMIZERS);
    xp_def(num, "OptMnistBest", "%s", om_optimizers[best].label);
    xp_def(num, "OptMnistCatchUp", "%zu", catch_up);
    /* <<optimizers on MNIST: define how much AdamW's decay shrinks the weights>> */
    nn_optim_config aw = om_config(&om_optimizers[om_find("AdamW")]);
    size_t steps = EPOCHS * ((OM_FIT + BATCH - 1) / BATCH);
    xp_def(num, "OptMnistSteps", "%s", xp_tex_int((char[64]){ 0 }, steps));
    xp_def(num, "OptMnistShrink", "%.3f",
           pow(1 - aw.lr * aw.weight_decay, (double)steps));
    xp_close(num);
    /* <<optimizers on MNIST: write which images were used>> */
    FILE *ix = xp_open(dir, "indices.txt");
    size_t n = d.train.n, *idx = malloc(n * sizeof *idx);
    nn_rng split;
    if (!idx)
        xp_die("out of memory");
    nn_rng_seed(&split, XP_SEED, 6);                       /* as ju_split */
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = n; i-- > 1; ) {
        size_t j = nn_rng_below(&split, (uint32_t)(i + 1)), t = idx[i];
        idx[i] = idx[j], idx[j] = t;
    }
    for (size_t k = 0; k < OM_FIT + OM_VAL; k++)
        fprintf(ix, k == OM_FIT ? "\n%zu" : k ? " %zu" : "%zu",
                idx[k < OM_FIT ? k : n - 10000 + k - OM_FIT]);
    fprintf(ix, "\n");
    xp_close(ix);
    free(idx);
    om_free(&d);
    return 0;
}

/* Tangled from book/a2-210-judging.nw by 'make tangle'. Edit the book, not this file. */
/* judging-fitting: a network that overfits a small training set.
   Usage: judging-fitting OUTDIR */
/* needs: mnist */
#include <stdio.h>
#include "nn.h"
#include "judging.h"

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    nn_dataset train, fit, val;
    xp_load_mnist("train", &train);
    ju_split(&train, &fit, &val);
    /* <<train a network on a thousand images for fifty epochs>> */
    nn_dataset few = nn_dataset_view(&fit, 0, 1000), v = nn_dataset_view(&val, 0, 2000);
    ju_run over = { 3, { 784, 100, 10 }, NN_ACT_RELU, 0.05, 0.9, 32, 50, 10, "over.dat" };
    nn_epoch_stats last;
    nn_net *net = ju_train(dir, &over, &few, &v, &last);
    nn_net_free(net);
    /* <<define the numbers of the overfitting run>> */
    nn_epoch_stats ep[51], best = { 0, 0, 0, INFINITY, 0, 0 };
    size_t n = ju_read_log(dir, over.log, ep, 51);
    for (size_t i = 0; i < n; i++)
        best = ep[i].val_loss < best.val_loss ? ep[i] : best;
    FILE *num = xp_open(dir, "numbers.tex");
    xp_def(num, "JudgeOverN", "%zu", few.n);
    xp_def(num, "JudgeOverValN", "%zu", v.n);
    xp_def(num, "JudgeFitN", "%zu", fit.n);
    xp_def(num, "JudgeOverHidden", "%zu", over.sizes[1]);
    xp_def(num, "JudgeOverEpochs", "%zu", over.epochs);
    xp_def(num, "JudgeOverTrainAcc", "%.0f", 100 * last.train_acc);
    xp_def(num, "JudgeOverLastTrainLoss", "%.4f", last.train_loss);
    xp_def(num, "JudgeOverBestEpoch", "%zu", best.epoch);
    xp_def(num, "JudgeOverBestLoss", "%.3f", best.val_loss);
    xp_def(num, "JudgeOverLastLoss", "%.3f", last.val_loss);
    xp_def(num, "JudgeOverBestAcc", "%.1f", 100 * best.val_acc);
    xp_def(num, "JudgeOverLastAcc", "%.1f", 100 * last.val_acc);
    xp_close(num);
    FILE *pf = xp_open(dir, "params.gp");
    fprintf(pf, "hidden = %zu; n = %zu\n", over.sizes[1], few.n);
    xp_close(pf);
    printf("best validation loss %.4f after epoch %zu; %.4f at the end\n",
           best.val_loss, best.epoch, last.val_loss);
    return 0;
}

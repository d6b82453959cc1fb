/* Tangled from book/a4-primer.nw by 'make tangle'. Edit the book, not this file. */
/* primer-examples: the worked examples of the primer on derivatives (appendix),
   computed with libnn.  Usage: primer-examples OUTDIR */
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

/* <<print a matrix as a LaTeX pmatrix>> */
static void def_matrix(FILE *num, const char *name, size_t rows, size_t cols,
                       const nn_real *a)
{
    fprintf(num, "\\newcommand{\\%s}{\\begin{pmatrix}", name);
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++)
            fprintf(num, "%g%s", (double)a[r * cols + c],
                    c + 1 < cols ? "&" : r + 1 < rows ? "\\\\" : "");
    fprintf(num, "\\end{pmatrix}}\n");
}
/* <<print a row as comma-separated numbers>> */
static void def_row(FILE *num, const char *name, size_t n, const nn_real *v,
                    int decimals)
{
    fprintf(num, "\\newcommand{\\%s}{", name);
    for (size_t j = 0; j < n; j++)
        fprintf(num, "%.*f%s", decimals, (double)v[j], j + 1 < n ? ",\\ " : "");
    fprintf(num, "}\n");
}
/* <<the primer's neuron example>> */
static double neuron_loss(double x, double w, double b, double t)
{
    double y = nn_sigmoid(w * x + b);
    return (y - t) * (y - t);
}

static void neuron_example(FILE *num)
{
    const nn_real x = 2, w = 0.5, b = -1, t = 1;
    nn_real z, y, dy, dz, dw, db, dx;
    nn_act sig = nn_act_default(NN_ACT_SIGMOID);
    nn_loss mse = nn_loss_default(NN_LOSS_MSE);
    nn_dense_forward(1, 1, 1, &x, &w, &b, &z);
    nn_act_forward(&sig, 1, 1, &z, &y);
    double loss = nn_loss_eval(&mse, 1, 1, &y, &t, NULL, &dy);
    nn_act_backward(&sig, 1, 1, &z, &y, &dy, &dz);
    nn_dense_backward(1, 1, 1, &x, &w, &dz, &dx, &dw, &db);
    double h = 1e-3, fd = (neuron_loss(x, w + h, b, t) - neuron_loss(x, w - h, b, t))
                          / (2 * h);
    /* <<define the neuron example's numbers>> */
    xp_def(num, "PrimerX", "%g", (double)x);
    xp_def(num, "PrimerW", "%g", (double)w);
    xp_def(num, "PrimerB", "%g", (double)b);
    xp_def(num, "PrimerT", "%g", (double)t);
    xp_def(num, "PrimerZ", "%g", (double)z);
    xp_def(num, "PrimerY", "%g", (double)y);
    xp_def(num, "PrimerLoss", "%g", loss);
    xp_def(num, "PrimerDy", "%g", (double)dy);
    xp_def(num, "PrimerDz", "%g", (double)dz);
    xp_def(num, "PrimerDw", "%g", (double)dw);
    xp_def(num, "PrimerDb", "%g", (double)db);
    xp_def(num, "PrimerDx", "%g", (double)dx);
    xp_def(num, "PrimerFdW", "%.6f", fd);
}
/* <<the primer's dense-layer example>> */
static void dense_example(FILE *num)
{
    const nn_real X[4] = { 1, 2, 3, 4 }, W[2] = { 0.5, -1 }, dZ[2] = { 1, -1 };
    nn_real dX[4], dW[2], db[1];
    nn_dense_backward(2, 2, 1, X, W, dZ, dX, dW, db);
    def_matrix(num, "PrimerDenseX", 2, 2, X);
    def_matrix(num, "PrimerDenseW", 2, 1, W);
    def_matrix(num, "PrimerDenseDZ", 2, 1, dZ);
    def_matrix(num, "PrimerDenseDW", 2, 1, dW);
    def_matrix(num, "PrimerDenseDb", 1, 1, db);
    def_matrix(num, "PrimerDenseDX", 2, 2, dX);
}
/* <<the primer's softmax and cross-entropy example>> */
static void softmax_example(FILE *num)
{
    const nn_real x[3] = { 2, 1, 0 }, dy[3] = { 1, 0, 0 };
    const int label = 0;
    nn_real y[3], dx[3], grad[3];
    nn_act sm = nn_act_default(NN_ACT_SOFTMAX);
    nn_act_forward(&sm, 1, 3, x, y);
    nn_act_backward(&sm, 1, 3, x, y, dy, dx);
    nn_loss ce = nn_loss_default(NN_LOSS_SOFTMAX_CE);
    double loss = nn_loss_eval(&ce, 1, 3, x, NULL, &label, grad);
    def_row(num, "PrimerSmX", 3, x, 0);
    def_row(num, "PrimerSmY", 3, y, 3);
    def_row(num, "PrimerSmDy", 3, dy, 0);
    def_row(num, "PrimerSmDx", 3, dx, 3);
    xp_def(num, "PrimerCeLabel", "%d", label);
    xp_def(num, "PrimerCeLoss", "%.3f", loss);
    def_row(num, "PrimerCeGrad", 3, grad, 3);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    FILE *num = xp_open(dir, "numbers.tex");
    neuron_example(num);
    dense_example(num);
    softmax_example(num);
    xp_close(num);
    return 0;
}

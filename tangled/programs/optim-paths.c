/* Tangled from book/a2-220-optimizers.nw by 'make tangle'. Edit the book, not this file. */
/* optim-paths: six optimizers on three surfaces of two variables.
   Usage: optim-paths OUTDIR */
#include <math.h>
#include <stdio.h>
#include "nn.h"
#include "experiment.h"

enum { N_OPT = 6 };
/* <<the optimizers that draw paths>> */
static const struct { const char *label; nn_optim_kind kind; int momentum, nesterov; }
    opts[N_OPT] = {
    { "SGD", NN_OPTIM_SGD, 0, 0 },       { "momentum", NN_OPTIM_SGD, 1, 0 },
    { "Nesterov", NN_OPTIM_SGD, 1, 1 },  { "AdaGrad", NN_OPTIM_ADAGRAD, 0, 0 },
    { "RMSProp", NN_OPTIM_RMSPROP, 0, 0 }, { "Adam", NN_OPTIM_ADAM, 0, 0 },
};
/* <<the surfaces that the optimizers cross>> */
typedef struct surface {
    const char *name, *tex;             /* file name, macro prefix */
    double (*f)(double x, double y);
    void (*grad)(double x, double y, double *gx, double *gy);
    double (*level)(double f);          /* what the contour lines show */
    double x0, y0, xmin, xmax, ymin, ymax, mu;
    int steps;
    double lr[N_OPT];
} surface;

static double bowl(double x, double y) { return 0.5 * (x * x + 20 * y * y); }
static void bowl_grad(double x, double y, double *gx, double *gy)
{
    *gx = x, *gy = 20 * y;
}
static double rosen(double x, double y)
{
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
}
static void rosen_grad(double x, double y, double *gx, double *gy)
{
    *gx = -2 * (1 - x) - 400 * x * (y - x * x), *gy = 200 * (y - x * x);
}
static double saddle(double x, double y) { return 0.5 * (x * x - y * y); }
static void saddle_grad(double x, double y, double *gx, double *gy)
{
    *gx = x, *gy = -y;
}
static double same(double f) { return f; }
static double log_level(double f) { return log10(f + 0.01); }
/* <<the surfaces that the optimizers cross>> */
static const surface surfaces[3] = {
    { "bowl", "OptBowl", bowl, bowl_grad, same, -4.5, 1.2, -5, 5, -1.5, 1.5, 0.9,
      40, { 0.09, 0.02, 0.02, 1.0, 0.1, 0.3 } },
    { "rosenbrock", "OptRosen", rosen, rosen_grad, log_level, -1.2, 1.5,
      -2, 2, -1, 3, 0.9, 1000, { 0.001, 0.0002, 0.0002, 0.1, 0.01, 0.05 } },
    { "saddle", "OptSaddle", saddle, saddle_grad, same, -2, 0.001, -2.5, 2.5,
      -2.5, 2.5, 0.9, 40, { 0.1, 0.02, 0.02, 0.3, 0.05, 0.1 } },
};
/* <<run one optimizer on one surface>> */
static void run_path(const surface *s, int k, double *px, double *py)
{
    nn_optim_config c = nn_optim_default(opts[k].kind);
    c.lr = s->lr[k];
    c.momentum = opts[k].momentum ? s->mu : 0;
    c.nesterov = opts[k].nesterov;
    nn_optim *o;
    if (nn_optim_create(&o, &c, 2) != NN_OK)
        xp_die("cannot create an optimizer");
    nn_real p[2] = { (nn_real)s->x0, (nn_real)s->y0 }, g[2];
    for (int t = 0; t <= s->steps; t++) {
        px[t] = p[0], py[t] = p[1];
        double gx, gy, far = 10 * (s->xmax - s->xmin);
        if (fabs(p[0]) > far || fabs(p[1]) > far)
            continue;
        s->grad(p[0], p[1], &gx, &gy);
        g[0] = (nn_real)gx, g[1] = (nn_real)gy;
        nn_optim_step(o, p, g);
    }
    nn_optim_free(o);
}
/* <<write a surface's grid and its paths>> */
static void write_surface(const char *dir, const surface *s, FILE *tex)
{
    char name[64];
    snprintf(name, sizeof name, "%s-grid.dat", s->name);
    FILE *f = xp_open(dir, name);
    for (int i = 0; i <= 100; i++, fprintf(f, "\n"))
        for (int j = 0; j <= 100; j++) {
            double x = s->xmin + (s->xmax - s->xmin) * i / 100;
            double y = s->ymin + (s->ymax - s->ymin) * j / 100;
            fprintf(f, "%g %g %g\n", x, y, s->level(s->f(x, y)));
        }
    xp_close(f);
    /* <<write the paths and the numbers of a surface>> */
    static double px[N_OPT][1001], py[N_OPT][1001];
    for (int k = 0; k < N_OPT; k++)
        run_path(s, k, px[k], py[k]);
    snprintf(name, sizeof name, "%s.dat", s->name);
    f = xp_open(dir, name);
    for (int t = 0; t <= s->steps; t++, fprintf(f, "\n")) {
        fprintf(f, "%d", t);
        for (int k = 0; k < N_OPT; k++)
            fprintf(f, " %.6g %.6g", px[k][t], py[k][t]);
    }
    xp_close(f);
    /* <<define the settings and results of a surface for the text>> */
    char m[64];
    snprintf(m, sizeof m, "%sSteps", s->tex), xp_def(tex, m, "%d", s->steps);
    snprintf(m, sizeof m, "%sMu", s->tex), xp_def(tex, m, "%g", s->mu);
    for (int k = 0; k < N_OPT; k++) {
        double last = s->f(px[k][s->steps], py[k][s->steps]);
        snprintf(m, sizeof m, "%sLr%c", s->tex, 'A' + k), xp_def(tex, m, "%g", s->lr[k]);
        snprintf(m, sizeof m, "%sEnd%c", s->tex, 'A' + k);
        char buf[64];
        if (fabs(last) < 1e-3 || fabs(last) >= 1e4)
            xp_tex_sci(buf, last, 1);
        else
            snprintf(buf, sizeof buf, "%.3g", last);
        xp_def(tex, m, "%s", buf);
        printf("%-10s %-9s lr %-7g final f %g\n", s->name, opts[k].label, s->lr[k], last);
    }
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    FILE *tex = xp_open(dir, "numbers.tex");
    for (int s = 0; s < 3; s++)
        write_surface(dir, &surfaces[s], tex);
    xp_close(tex);
    return 0;
}

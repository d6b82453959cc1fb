/* Tangled from book/a2-320-speed.nw by 'make tangle'. Edit the book, not this file. */
/* bench-table: make bench's targets against one run's results.  Usage:
   bench-table OUTDIR (BENCH_RESULTS in the environment names the results
   file; by default book/results/bench.txt).  Writes numbers.tex, table.tex
   and readme.md into OUTDIR and prints the table. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"
#include "experiment.h"
#include "gemm-products.h"

enum { MAX_KEYS = 256, LINE = 512, TARGETS = 7 };

/* <<the results of one run of the benchmark>> */
typedef struct bench_results {
    const char *path;
    size_t n;
    char key[MAX_KEYS][64], value[MAX_KEYS][LINE];
} bench_results;

static void bench_fail(const char *path, const char *key, const char *what)
{
    fprintf(stderr, "error: %s: %s%s%s (make bench writes this file)\n", path,
            key ? key : "", key ? ": " : "", what);
    exit(1);
}
/* <<read a results file of the benchmark>> */
static void bench_read(const char *path, bench_results *r)
{
    FILE *f = fopen(path, "r");
    char line[LINE + 80];
    size_t k = 0;
    if (!f)
        bench_fail(path, NULL, "cannot read the results (run make bench)");
    r->path = path, r->n = 0;
    while (fgets(line, sizeof line, f) && ++k) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        size_t len = strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789_");
        char what[96];
        snprintf(what, sizeof what, "line %zu is not 'key value'", k);
        if (len == 0 || len >= 64 || line[len] != ' ' || line[len + 1] == '\0'
            || strlen(line + len + 1) >= LINE || r->n == MAX_KEYS)
            bench_fail(path, NULL, what);
        line[len] = '\0';
        for (size_t i = 0; i < r->n; i++)
            if (strcmp(r->key[i], line) == 0)
                bench_fail(path, line, "appears twice");
        strcpy(r->key[r->n], line);
        strcpy(r->value[r->n++], line + len + 1);
    }
    fclose(f);
}
/* <<look up a value of the results>> */
static const char *bench_find(const bench_results *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->key[i], key) == 0)
            return r->value[i];
    return NULL;
}

static const char *bench_text(const bench_results *r, const char *key)
{
    const char *v = bench_find(r, key);
    if (!v)
        bench_fail(r->path, key, "missing");
    return v;
}

static double bench_num(const bench_results *r, const char *key)
{
    const char *v = bench_text(r, key);
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end != '\0' || !isfinite(x)) {
        char what[LINE + 32];
        snprintf(what, sizeof what, "'%s' is not a number", v);
        bench_fail(r->path, key, what);
    }
    return x;
}
/* <<the targets and how each is measured>> */
typedef struct bench_target {
    const char *what, *unit;
    int digits;                         /* decimals shown; -1: shown as yes or no */
    double value, threshold;
    int at_most;                        /* 1: value <= threshold; 0: value >= it */
} bench_target;

static int bench_met(const bench_target *t)
{
    return t->at_most ? t->value <= t->threshold : t->value >= t->threshold;
}

/* <<find the worst product of nn_gemm against OpenBLAS>> */
static double bench_worst_gemm(const bench_results *r, char worst[128])
{
    static const char *const kind[GEMM_KINDS] = { "forward product", "dX", "dW" };
    double lo = INFINITY;
    for (int t = 1; t <= 2; t++)
        for (size_t b = 0; b < GEMM_BATCHES; b++)
            for (size_t l = 0; l < GEMM_LAYERS; l++)
                for (int k = 0; k < GEMM_KINDS; k++) {
                    char key[64];
                    size_t B = gemm_batches[b];
                    double v = bench_num(r, gemm_product_key(key, l, k, B, t));
                    if (v < lo)
                        lo = v, snprintf(worst, 128, "%s of the %zux%zu layer, "
                                         "batch %zu, %s",
                                         kind[k], gemm_layers[l].in, gemm_layers[l].out,
                                         B, t > 1 ? "2 threads" : "1 thread");
                }
    return lo;
}
/* <<compute each target from the results>> */
static void bench_targets(const bench_results *r, bench_target t[TARGETS],
                          char worst[128])
{
    const char *same = bench_text(r, "a_same_parameters");
    if (strcmp(same, "yes") != 0 && strcmp(same, "no") != 0)
        bench_fail(r->path, "a_same_parameters", "neither yes nor no");
    double a = bench_num(r, "a_torch_ratio"), c = bench_num(r, "c_torch_ratio");
    bench_target all[TARGETS] = {
        { "config A epoch, 2 threads / PyTorch's", "", 2, a, 0.5, 1 },
        { "config A, 2 threads: fraction of the 2-core peak", "", 2,
          bench_num(r, "a_of_peak_2"), 0.55, 0 },
        { "nn_gemm / OpenBLAS, worst product", "", 2, bench_worst_gemm(r, worst), 0.9,
          0 },
        { "KANN's benchmark, 20 epochs", " s", 1, bench_num(r, "kann_seconds"), 4, 1 },
        { "config C epoch, 2 threads / PyTorch's", "", 2, c, 0.5, 1 },
        { "same parameters on 1 and 2 threads", "", -1, strcmp(same, "yes") == 0, 1,
          0 },
        { "peak memory", " MiB", 0, bench_num(r, "peak_mib"), 150, 1 },
    };
    memcpy(t, all, sizeof all);
}
/* <<write the table of targets>> */
static const char *bench_show(char buf[64], const bench_target *t, double v)
{
    if (t->digits < 0)
        return v != 0 ? "yes" : "no";
    int d = t->digits;
    /* <<add decimals until the value shown is on its own side of the threshold>> */
    for (bench_target shown = *t; v == t->value && d < 6; d++) {
        char text[64];
        snprintf(text, sizeof text, "%.*f", d, v);
        shown.value = strtod(text, NULL);
        if (bench_met(&shown) == bench_met(t))
            break;
    }
    snprintf(buf, 64, "%.*f%s", d, v, t->unit);
    return buf;
}

static void bench_tex(FILE *f, const char *s)     /* TeX's specials escaped */
{
    for (; *s; s++)
        if (strchr("_%&#${}", *s))
            fprintf(f, "\\%c", *s);
        else if (strchr("\\^~", *s))
            fputc(' ', f);
        else
            fputc(*s, f);
}
/* <<write the table of targets>> */
static void bench_print(FILE *f, const bench_results *r, const bench_target *t,
                        const char *worst, int md)
{
    char a[64], b[80], kernel[80] = "";
    if (bench_find(r, "kernel"))
        snprintf(kernel, sizeof kernel, ", %s kernel", bench_find(r, "kernel"));
    if (md)
        fprintf(f, "Measured by `make bench` on %s (%s cores%s), %s, commit %s:\n\n"
                "| target | threshold | measured | |\n|---|---|---|---|\n",
                bench_text(r, "machine"), bench_text(r, "cores"), kernel,
                bench_text(r, "date"), bench_text(r, "commit"));
    for (int i = 0; i < TARGETS; i++) {
        const char *op = t[i].digits < 0 ? "" : t[i].at_most ? "<= " : ">= ";
        snprintf(b, sizeof b, "%s%s", op, bench_show(a, &t[i], t[i].threshold));
        const char *v = bench_show(a, &t[i], t[i].value), *m = bench_met(&t[i]) ? "met"
                                                                            : "NOT met";
        if (md)
            fprintf(f, "| %s%s%s%s | %s | %s | %s |\n", t[i].what, i == 2 ? " (" : "",
                    i == 2 ? worst : "", i == 2 ? ")" : "", b, v, m);
        else
            fprintf(f, "%-50s %12s %10s  %s\n", t[i].what, b, v, m);
    }
    if (!md)
        fprintf(f, "(the worst product of nn_gemm: %s)\n", worst);
    else
        /* <<add the epochs' seconds under the README's table>> */
        {
            char busy[2][40] = { "", "" };
            for (int c = 0; c < 2; c++)
                if (bench_find(r, c ? "torch_c_cores" : "torch_a_cores"))
                    snprintf(busy[c], sizeof busy[c], ", %.1f cores busy",
                             bench_num(r, c ? "torch_c_cores" : "torch_a_cores"));
            fprintf(f, "\nOne epoch of configuration A alone: %.2f s on 1 thread, %.2f s on 2."
                    "  In turns with PyTorch %s, on 2 threads: configuration A %.2f s, PyTorch "
                    "%.2f s (threads: %s%s; the rounds' ratios %.2f to %.2f); configuration C "
                    "%.2f s, PyTorch %.2f s (threads: %s%s; %.2f to %.2f).  KANN's benchmark: "
                    "test accuracy %.1f%%.\n",
                    bench_num(r, "a_seconds_1"), bench_num(r, "a_seconds_2"),
                    bench_text(r, "torch_version"), bench_num(r, "a_seconds_paired"),
                    bench_num(r, "torch_a_seconds"), bench_text(r, "torch_a_threads"), busy[0],
                    bench_num(r, "a_torch_ratio_min"), bench_num(r, "a_torch_ratio_max"),
                    bench_num(r, "c_seconds_paired"), bench_num(r, "torch_c_seconds"),
                    bench_text(r, "torch_c_threads"), busy[1],
                    bench_num(r, "c_torch_ratio_min"), bench_num(r, "c_torch_ratio_max"),
                    100 * bench_num(r, "kann_accuracy"));
        }
}
/* <<write the table of targets>> */
static void bench_write(const char *dir, const bench_results *r, const bench_target *t,
                        const char *worst)
{
    bench_print(stdout, r, t, worst, 0);
    FILE *md = xp_open(dir, "readme.md");
    bench_print(md, r, t, worst, 1);
    xp_close(md);
    /* <<write the target table for the book>> */
    FILE *tex = xp_open(dir, "table.tex");
    int met = 0;
    fprintf(tex, "\\begin{tabular}{@{}lrrl@{}}\n\\toprule\ntarget & threshold & "
            "measured & \\\\\n\\midrule\n");
    for (int i = 0; i < TARGETS; i++) {
        char a[64];
        bench_tex(tex, t[i].what);
        fprintf(tex, " & %s", t[i].digits < 0 ? "" : t[i].at_most ? "$\\le$ " : "$\\ge$ ");
        bench_tex(tex, bench_show(a, &t[i], t[i].threshold));
        fprintf(tex, " & ");
        bench_tex(tex, bench_show(a, &t[i], t[i].value));
        fprintf(tex, " & %s \\\\\n", bench_met(&t[i]) ? "met" : "\\textbf{not met}");
        met += bench_met(&t[i]);
    }
    fprintf(tex, "\\bottomrule\n\\end{tabular}\n");
    xp_close(tex);
    /* <<write the numbers of the benchmark for the text>> */
    FILE *num = xp_open(dir, "numbers.tex");
    static const char *const text[][2] = {
        { "BenchMachine", "machine" }, { "BenchCores", "cores" }, { "BenchDate", "date" },
        { "BenchCommit", "commit" }, { "BenchTorchVersion", "torch_version" } };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        fprintf(num, "\\newcommand{\\%s}{", text[i][0]);
        bench_tex(num, bench_text(r, text[i][1]));
        fprintf(num, "}\n");
    }
    /* <<define the benchmark's measured values>> */
    static const struct { const char *macro, *key, *fmt; double scale; } val[] = {
        { "BenchASecondsOne", "a_seconds_1", "%.2f", 1 },
        { "BenchASecondsTwo", "a_seconds_2", "%.2f", 1 },
        { "BenchAOfPeak", "a_of_peak_2", "%.0f", 100 },
        { "BenchAPaired", "a_seconds_paired", "%.2f", 1 },
        { "BenchTorchA", "torch_a_seconds", "%.2f", 1 },
        { "BenchCSeconds", "c_seconds_2", "%.2f", 1 },
        { "BenchCPaired", "c_seconds_paired", "%.2f", 1 },
        { "BenchARatioMin", "a_torch_ratio_min", "%.2f", 1 },
        { "BenchARatioMax", "a_torch_ratio_max", "%.2f", 1 },
        { "BenchCRatioMin", "c_torch_ratio_min", "%.2f", 1 },
        { "BenchCRatioMax", "c_torch_ratio_max", "%.2f", 1 },
        { "BenchTorchC", "torch_c_seconds", "%.2f", 1 },
        { "BenchCShareDense", "c_share_dense", "%.0f", 100 },
        { "BenchCShareNorm", "c_share_batchnorm", "%.0f", 100 },
        { "BenchCShareRelu", "c_share_activation", "%.0f", 100 },
        { "BenchCShareDropout", "c_share_dropout", "%.0f", 100 },
        { "BenchCShareRest", "c_share_rest", "%.0f", 100 },
        { "BenchKannSeconds", "kann_seconds", "%.1f", 1 },
        { "BenchKannAccuracy", "kann_accuracy", "%.1f", 100 },
        { "BenchPeakMiB", "peak_mib", "%.0f", 1 },
        { "BenchPeakOne", "peak_gflops_1", "%.0f", 1 },
        { "BenchPeakTwo", "peak_gflops_2", "%.0f", 1 },
    };
    for (size_t i = 0; i < sizeof val / sizeof val[0]; i++)
        xp_def(num, val[i].macro, val[i].fmt, val[i].scale * bench_num(r, val[i].key));
    xp_def(num, "BenchARatio", "%.2f", t[0].value);
    xp_def(num, "BenchCRatio", "%.2f", t[4].value);
    for (int c = 0; c < 2; c++) {
        const char *s = bench_text(r, c ? "torch_c_threads" : "torch_a_threads");
        fprintf(num, "\\newcommand{\\BenchTorch%cThreads}{", c ? 'C' : 'A');
        const char *d = bench_text(r, "torch_default_threads");
        if (strcmp(s, "default") == 0)
            fprintf(num, "its default (%s thread%s)}\n", d, strcmp(d, "1") ? "s" : "");
        else
            fprintf(num, "%s thread%s}\n", strcmp(s, "1") == 0 ? "one" : s,
                    strcmp(s, "1") == 0 ? "" : "s");
    }
    /* <<say which kernel ran and how many cores PyTorch kept busy>> */
    fprintf(num, "\\newcommand{\\BenchKernelPhrase}{");
    if (bench_find(r, "kernel")) {
        fprintf(num, ", whose products ran on the ");
        bench_tex(num, bench_find(r, "kernel"));
        fprintf(num, " kernel");
    }
    fprintf(num, "}\n\\newcommand{\\BenchTorchCores}{");
    if (bench_find(r, "torch_a_cores") && bench_find(r, "torch_c_cores"))
        fprintf(num, "%.1f in configuration~A and %.1f in~C}\n",
                bench_num(r, "torch_a_cores"), bench_num(r, "torch_c_cores"));
    else
        fprintf(num, "not measured in the run quoted here, which is older than that "
                "count}\n");
    xp_def(num, "BenchGemmWorst", "%.2f", t[2].value);
    fprintf(num, "\\newcommand{\\BenchGemmWorstProduct}{");
    bench_tex(num, worst);
    fprintf(num, "}\n");
    xp_def(num, "BenchTargets", "%d", (int)TARGETS);
    xp_def(num, "BenchTargetsMet", "%d", met);
    xp_close(num);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv), *path = getenv("BENCH_RESULTS");
    static bench_results r;
    bench_read(path && *path ? path : "book/results/bench.txt", &r);
    bench_target t[TARGETS];
    char worst[128];
    bench_targets(&r, t, worst);
    bench_write(dir, &r, t, worst);
    return 0;
}

/* Tangled from book/a2-270-best.nw by 'make tangle'. Edit the book, not this file. */
/* best-table: the table, numbers and figure data of the chapter "The best
   MLP", from the study's rows and the results of its last run (make
   best-mlp).  Usage: best-table OUTDIR (BEST_ROWS and BEST_RESULTS in the
   environment may name other files than the book's). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"
#include "experiment.h"

enum { MAX_ROWS = 32, MAX_SEEDS = 16, LINE = 2048, N_TEST = 10000 };

/* <<a row of the study, and what was measured for it>> */
typedef struct bt_row {
    char key[64], label[256], args[LINE];
    size_t n;                           /* results read */
    long seed[MAX_SEEDS];
    double val[MAX_SEEDS], test[MAX_SEEDS], secs[MAX_SEEDS];
} bt_row;

static void bt_fail(const char *file, size_t line, const char *what)
{
    if (line)
        fprintf(stderr, "error: %s:%zu: %s\n", file, line, what);
    else
        fprintf(stderr, "error: %s: %s\n", file, what);
    exit(1);
}
/* <<read the study's rows>> */
static size_t bt_read_rows(const char *path, bt_row *row)
{
    FILE *f = fopen(path, "r");
    char line[LINE];
    size_t n = 0, k = 0;
    if (!f)
        bt_fail(path, 0, "cannot read the study's rows");
    while (fgets(line, sizeof line, f) && ++k) {
        line[strcspn(line, "\n")] = '\0';
        char *colon = strchr(line, ':');
        if (strncmp(line, "row ", 4) == 0 && colon && colon[1] == ' ') {
            size_t len = (size_t)(colon - line - 4);
            if (n == MAX_ROWS || len >= 64 || len == 0
                || strspn(line + 4, "abcdefghijklmnopqrstuvwxyz") != len)
                bt_fail(path, k, "too many rows, or a key not of letters (it names"
                        " macros)");
            memset(&row[n], 0, sizeof row[n]);
            memcpy(row[n].key, line + 4, len);
            snprintf(row[n++].label, sizeof row[0].label, "%s", colon + 2);
        } else if (strncmp(line, "    ", 4) == 0 && n > 0) {
            /* <<add an indented line's options to the last row>> */
            char *a = row[n - 1].args, *opt = line + strspn(line, " ");
            size_t used = strlen(a);
            if (used + strlen(opt) + 2 > LINE)
                bt_fail(path, k, "a row's options are too long");
            snprintf(a + used, LINE - used, "%s%s", used ? " " : "", opt);
        } else if (line[strspn(line, " ")] != '\0') {
            bt_fail(path, k, "not a row");
        }
    }
    fclose(f);
    if (n == 0)
        bt_fail(path, k, "no rows");
    return n;
}
/* <<read the study's results>> */
static void bt_read_results(const char *path, bt_row *row, size_t n, char *machine,
                            char *made)
{
    FILE *f = fopen(path, "r");
    char line[LINE], key[64], args[LINE];
    size_t k = 0;
    if (!f)
        bt_fail(path, 0, "cannot read the study's results: run make best-mlp");
    while (fgets(line, sizeof line, f) && ++k) {
        line[strcspn(line, "\n")] = '\0';
        if (sscanf(line, "# machine: %2047[^\n]", machine) == 1
            || sscanf(line, "# made: %2047[^\n]", made) == 1 || line[0] == '#')
            continue;
        /* <<parse a line of results and file it under its row>> */
        long seed;
        double val, test, secs;
        int used = 0;
        if (sscanf(line, "%63[^\t]\t%ld\t%lf\t%lf\t%lf\t%n", key, &seed, &val, &test, &secs,
                   &used) != 5 || used == 0)
            bt_fail(path, k, "not a line of results");
        snprintf(args, sizeof args, "%s", line + used);
        size_t r = 0;
        while (r < n && strcmp(row[r].key, key) != 0)
            r++;
        if (r == n)
            bt_fail(path, k, "a result for a row that the rows file no longer has: "
                    "run make best-mlp");
        if (strcmp(row[r].args, args) != 0)
            bt_fail(path, k, "this row was run with other options than the rows file "
                    "gives it now: run make best-mlp");
        if (row[r].n == MAX_SEEDS)
            bt_fail(path, k, "too many seeds");
        row[r].seed[row[r].n] = seed, row[r].val[row[r].n] = val;
        row[r].test[row[r].n] = test, row[r].secs[row[r].n++] = secs;
    }
    fclose(f);
}
/* <<check that the results are those of the rows>> */
static void bt_check(const char *path, const bt_row *row, size_t n)
{
    char msg[LINE];
    for (size_t r = 0; r < n; r++) {
        int same = row[r].n == row[0].n;
        for (size_t s = 0; same && s < row[r].n; s++)
            same = row[r].seed[s] == row[0].seed[s];
        snprintf(msg, sizeof msg, "row %.63s has %zu results, %s: run make best-mlp",
                 row[r].key, row[r].n, !same ? "not those of the first row's seeds"
                 : "fewer than two");
        if (!same || row[r].n < 2)
            bt_fail(path, 0, msg);
    }
}
/* <<write the study's table, numbers and figure data>> */
static void bt_tex(FILE *f, const char *s)      /* s, with TeX's specials escaped */
{
    for (; *s; s++)
        if (strchr("#$%&_{}", *s))
            fprintf(f, "\\%c", *s);
        else if (strchr("\\^~", *s))
            fprintf(f, "{\\char%d}", *s);
        else
            fputc(*s, f);
}
/* <<write the study's table, numbers and figure data>> */
static void bt_write(const char *dir, const bt_row *row, size_t n, const char *machine,
                     const char *made)
{
    FILE *tab = xp_open(dir, "table.tex"), *num = xp_open(dir, "numbers.tex");
    FILE *dat = xp_open(dir, "best.dat");
    fprintf(tab, "\\begin{tabular}{@{}rlrrr@{}}\n\\toprule\n& change & validation"
            " & test (mean $\\pm$ spread) & seconds \\\\\n\\midrule\n");
    fprintf(dat, "# row, seconds, test accuracy (mean, spread), key\n");
    for (size_t r = 0; r < n; r++) {
        double val, test, sd, secs, ignore;
        nn_mean_spread(row[r].n, row[r].val, &val, &ignore);
        nn_mean_spread(row[r].n, row[r].test, &test, &sd);
        nn_mean_spread(row[r].n, row[r].secs, &secs, &ignore);
        fprintf(tab, "%zu & ", r + 1);
        bt_tex(tab, row[r].label);
        fprintf(tab, " & %.2f & %.2f $\\pm$ %.2f & %.0f \\\\\n", val, test, sd, secs);
        fprintf(dat, "%zu %.1f %.3f %.3f %s\n", r + 1, secs, test, sd, row[r].key);
        /* <<define a row's numbers for the text>> */
        char name[80];
        snprintf(name, sizeof name, "%c%s", row[r].key[0] - 'a' + 'A', row[r].key + 1);
        fprintf(num, "\\newcommand{\\BestVal%s}{%.2f}\n", name, val);
        fprintf(num, "\\newcommand{\\BestTest%s}{%.2f}\n", name, test);
        fprintf(num, "\\newcommand{\\BestSpread%s}{%.2f}\n", name, sd);
        fprintf(num, "\\newcommand{\\BestSeconds%s}{%.0f}\n", name, secs);
        fprintf(num, "\\newcommand{\\BestRow%s}{%zu}\n", name, r + 1);
        fprintf(num, "\\newcommand{\\BestStdErr%s}{%.2f}\n", name,        /* sqrt(p(1-p)/n) */
                100 * sqrt(test / 100 * (1 - test / 100) / N_TEST));
    }
    fprintf(tab, "\\bottomrule\n\\end{tabular}\n");
    /* <<define the study's numbers for the text>> */
    xp_def(num, "BestSeeds", "%zu", row[0].n);
    fprintf(num, "\\newcommand{\\BestMachine}{");
    bt_tex(num, machine[0] ? machine : "an unrecorded machine");
    fprintf(num, "}\n\\newcommand{\\BestMade}{");
    bt_tex(num, made[0] ? made : "an unrecorded date");
    fprintf(num, "}\n");
    xp_def(num, "BestRows", "%zu", n);
    xp_close(tab), xp_close(num), xp_close(dat);
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    const char *rows = getenv("BEST_ROWS"), *results = getenv("BEST_RESULTS");
    rows = rows && *rows ? rows : "tangled/studies/best-mlp-rows.txt";
    results = results && *results ? results : "book/results/best-mlp.tsv";
    static bt_row row[MAX_ROWS];
    char machine[LINE] = "", made[LINE] = "";
    size_t n = bt_read_rows(rows, row);
    bt_read_results(results, row, n, machine, made);
    bt_check(results, row, n);
    bt_write(dir, row, n, machine, made);
    return 0;
}

/* Tangled from book/a1-270-best.nw by 'make tangle'. Edit the book, not this file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <criterion/criterion.h>
#include "text-file.h"

/* <<helpers for the tests of the study's table>> */
static const char *rows_text =
    "row one: the first\n    --hidden 10\n    --epochs 1\n\n"
    "row two: the second\n    --hidden 20 --epochs 1\n";
static const char *results_text =
    "# best-mlp results: key, seed, validation %, test %, seconds, options\n"
    "# machine: a test machine, 2 threads\n# made: today\n"
    "one\t1\t90.00\t91.00\t1.0\t--hidden 10 --epochs 1\n"
    "one\t2\t92.00\t93.00\t3.0\t--hidden 10 --epochs 1\n"
    "two\t1\t95.00\t96.00\t5.0\t--hidden 20 --epochs 1\n"
    "two\t2\t95.00\t96.00\t7.0\t--hidden 20 --epochs 1\n";

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}
/* <<helpers for the tests of the study's table>> */
static int run_table(const char *dir, const char *rows, const char *results)
{
    char cmd[2048];
    const char *build = getenv("NN_BUILD_DIR") ? getenv("NN_BUILD_DIR") : "build";
    put(dir, "rows.txt", rows), put(dir, "results.tsv", results);
    snprintf(cmd, sizeof cmd, "BEST_ROWS=%s/rows.txt BEST_RESULTS=%s/results.tsv "
             "%s/bin/best-table %s > %s/out.txt 2> %s/err.txt", dir, dir, build, dir,
             dir, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
/* <<test the study's table on good results>> */
Test(best, the_table_has_the_means_and_spreads)
{
    char dir[] = "/tmp/nn-best-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(run_table(dir, rows_text, results_text), 0, "%s",
                 read_text(dir, "err.txt"));
    const char *num = read_text(dir, "numbers.tex");
    cr_expect_not_null(strstr(num, "\\BestTestOne}{92.00}"), "%s", num);
    cr_expect_not_null(strstr(num, "\\BestSpreadOne}{1.41}"), "%s", num);
    cr_expect_not_null(strstr(num, "\\BestSpreadTwo}{0.00}"), "%s", num);
    cr_expect_not_null(strstr(num, "\\BestSecondsTwo}{6}"), "%s", num);
    cr_expect_not_null(strstr(num, "\\BestSeeds}{2}"), "%s", num);
    cr_expect_not_null(strstr(num, "\\BestMachine}{a test machine, 2 threads}"));
    const char *tab = read_text(dir, "table.tex");
    cr_expect_not_null(strstr(tab, "2 & the second & 95.00 & 96.00 $\\pm$ 0.00 & 6"),
                       "%s", tab);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}
/* <<test that the study's table refuses results of other rows>> */
Test(best, the_table_refuses_results_that_are_not_the_rows)
{
    static const struct { const char *from, *to, *says; } bad[] = {
        { "two\t2\t95.00\t96.00\t7.0\t--hidden 20 --epochs 1\n",
          "two\t2\t95.00\t96.00\t7.0\t--hidden 20 --epochs 2\n", "other options" },
        { "# made: today\n", "# made: today\nold\t1\t1\t1\t1\t--x\n", "no longer has" },
        { "two\t1\t95.00\t96.00\t5.0\t--hidden 20 --epochs 1\n"
          "two\t2\t95.00\t96.00\t7.0\t--hidden 20 --epochs 1\n", "", "has 0 results" },
        { "two\t2\t", "two\t3\t", "not those of the first row's seeds" },
        { "row two:", "row 2x:", "a key not of letters" },
        { "one\t1\t90.00", "one\tx\t90.00", "not a line of results" },
    };
    char dir[] = "/tmp/nn-best-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        /* <<run the table on the good files with one change>> */
        char rows[1024], results[2048];
        const char *in_rows = strstr(rows_text, bad[k].from);
        const char *src = in_rows ? rows_text : results_text, *at = strstr(src, bad[k].from);
        cr_assert_not_null(at, "case %zu", k);
        char *dst = in_rows ? rows : results;
        snprintf(dst, in_rows ? sizeof rows : sizeof results, "%.*s%s%s", (int)(at - src), src,
                 bad[k].to, at + strlen(bad[k].from));
        int st = run_table(dir, in_rows ? rows : rows_text, in_rows ? results_text : results);
        const char *err = read_text(dir, "err.txt");
        cr_expect_eq(st, 1, "case %zu: status %d", k, st);
        cr_expect_not_null(strstr(err, bad[k].says), "case %zu: '%s' lacks '%s'", k, err,
                           bad[k].says);
    }
    put(dir, "rows.txt", rows_text);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "BEST_ROWS=%s/rows.txt BEST_RESULTS=%s/none.tsv "
             "%s/bin/best-table %s 2> %s/err.txt > /dev/null", dir, dir,
             getenv("NN_BUILD_DIR") ? getenv("NN_BUILD_DIR") : "build", dir, dir);
    cr_expect_neq(system(cmd), 0);
    cr_expect_not_null(strstr(read_text(dir, "err.txt"), "run make best-mlp"));
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

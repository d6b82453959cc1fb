/* Tangled from book/a3-golden.nw by 'make tangle'. Edit the book, not this file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "golden.h"

/* <<write a file into a temporary golden directory>> */
static void golden_fixture(const char *name, const char *text)
{
    static char dir[] = "/tmp/nn-golden-XXXXXX";
    static int made;            /* not strchr(dir, 'X'): the name may contain X */
    if (!made++)
        cr_assert_not_null(mkdtemp(dir));
    setenv("NN_GOLDEN_DIR", dir, 1);
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}
/* <<test reading a valid golden file>> */
Test(golden, reads_params_and_tensors)
{
    golden_fixture("ok.txt", "# a comment\ncase first\nparam op relu\n"
                   "param alpha 0.5\ntensor x 2 2\n1 -2\n3 0.25\nend\n"
                   "case second param op mse tensor loss 1 1 7 end\n");
    golden_file g;
    char err[256];
    cr_assert_eq(golden_load("ok.txt", &g, err, sizeof err), 0, "%s", err);
    cr_assert_eq(g.n_cases, 2);
    cr_assert_str_eq(g.cases[0].op, "relu");
    cr_assert_eq(golden_param_num(&g.cases[0], "alpha", 0), 0.5);
    const golden_tensor *x = golden_tensor_get(&g.cases[0], "x");
    cr_assert(x && x->rows == 2 && x->cols == 2 && x->data[1] == -2);
    cr_assert_null(golden_tensor_get(&g.cases[0], "y"));
    cr_assert_eq(golden_tensor_get(&g.cases[1], "loss")->data[0], 7);
    golden_free(&g);
}
/* <<test reading a valid golden file>> */
Test(golden, many_cases_keep_their_op)
{
    static char text[64 * 100];
    size_t len = 0;
    for (int i = 0; i < 100; i++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "case c%d param op op%d end\n", i, i);
    golden_fixture("many.txt", text);
    golden_file g;
    char err[256], want[16];
    cr_assert_eq(golden_load("many.txt", &g, err, sizeof err), 0, "%s", err);
    cr_assert_eq(g.n_cases, 100);
    for (int i = 0; i < 100; i++) {
        snprintf(want, sizeof want, "op%d", i);
        cr_assert_str_eq(g.cases[i].op, want, "case %d", i);
    }
    golden_free(&g);
}
/* <<test that damaged golden files are reported>> */
static void expect_error(const char *text, const char *fragment)
{
    golden_file g;
    char err[256] = "";
    golden_fixture("bad.txt", text);
    cr_assert_neq(golden_load("bad.txt", &g, err, sizeof err), 0);
    cr_assert(strstr(err, fragment), "message '%s' lacks '%s'", err, fragment);
}

Test(golden, damaged_files_are_reported_with_their_line)
{
    expect_error("case a\nparam op relu\ntensor x 1 2\n1 oops\nend\n",
                 "bad.txt:4: expected a number, got: oops");
    expect_error("case a\nparam op relu\ntensor x 1 3\n1 2\n", "unexpected end");
    expect_error("case a\nparam alpha 1\nend\n", "first param is not op");
    expect_error("case a param op relu tensor x 0 2 end\n", "impossible tensor shape");
    expect_error("cse a\n", "expected case");
    setenv("NN_GOLDEN_DIR", "/nonexistent-golden-dir", 1);
    golden_file g;
    char err[256];
    cr_assert_neq(golden_load("activations.txt", &g, err, sizeof err), 0);
    cr_assert(strstr(err, "/nonexistent-golden-dir/activations.txt"), "%s", err);
}

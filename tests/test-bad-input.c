/* Tangled from book/a1-330-robust.nw by 'make tangle'. Edit the book, not this file. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "bad-inputs.h"

/* <<test every row of the table of bad inputs>> */
Test(bad_input, every_row_gets_its_status_and_message)
{
    size_t checked = 0;
    for (size_t r = 0; r < bi_n_rows; r++) {
        const bad_input *row = &bad_inputs[r];
        char dir[] = "/tmp/nn-bad-XXXXXX", file[512], labels[512];
        if (row->needs_non_root && geteuid() == 0) {
            fprintf(stderr, "bad input, %s: skipped: the tests run as root, who can "
                    "read any file\n", row->what);
            continue;
        }
        cr_assert_not_null(mkdtemp(dir));
        nn_error err;
        nn_status s = bi_run(row, dir, &err);
        cr_expect_eq(s, row->status, "%s: status %d (%s)", row->what, s, err.msg);
        cr_expect_eq(err.status, s, "%s: the message's status differs", row->what);
        cr_expect(bi_matches(err.msg, row->message, bi_path(file, dir, row->file),
                             bi_path(labels, dir, "labels")),
                  "%s:\n got  %s\n want %s", row->what, err.msg, row->message);
        fprintf(stderr, "bad input, %s: %s\n", row->what, err.msg);
        bi_clean(dir);
        cr_assert_eq(rmdir(dir), 0, "%s: files left in %s", row->what, dir);
        checked++;
    }
    cr_assert_geq(checked, bi_n_rows - 1, "only %zu rows checked", checked);
}
/* <<test that the message matcher can fail>> */
Test(bad_input, the_matcher_is_strict)
{
    cr_assert(bi_matches("a/x: empty file", "@F: empty file", "a/x", ""));
    cr_assert(bi_matches("a/x: sum 12, says 34", "@F: sum @*, says @*", "a/x", ""));
    cr_assert(!bi_matches("a/y: empty file", "@F: empty file", "a/x", ""));
    cr_assert(!bi_matches("a/x: empty file!", "@F: empty file", "a/x", ""));
    cr_assert(!bi_matches("a/x: empty", "@F: empty file", "a/x", ""));
    cr_assert(!bi_matches("a/x: sum 12", "@F: sum @*, says @*", "a/x", ""));
}

/* Tangled from book/a2-330-robust.nw by 'make tangle'. Edit the book, not this file. */
/* The table of bad inputs, as the library answers them. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "nn.h"
#include "experiment.h"
#include "bad-inputs.h"

/* <<write a string for LaTeX>> */
static void tex_puts(FILE *f, const char *s)
{
    for (; *s; s++) {
        const char *c = strchr("\\{}$&#^_%~", *s);
        if (!c)
            fputc(*s, f);
        else if (*s == '\\' || *s == '^' || *s == '~')
            fprintf(f, "\\%s{}", *s == '\\' ? "textbackslash" : *s == '^'
                    ? "textasciicircum" : "textasciitilde");
        else
            fprintf(f, "\\%c", *s);
    }
}

int main(int argc, char **argv)
{
    const char *dir = xp_outdir(argc, argv);
    FILE *tex = xp_open(dir, "table.tex"), *num = xp_open(dir, "numbers.tex");
    int matched = 0, skipped = 0;
    /* <<move into a working folder inside the output directory>> */
    char work[4096];
    int home = open(".", O_RDONLY);
    snprintf(work, sizeof work, "%s/work", dir);
    if (home < 0 || mkdir(work, 0755) != 0 || chdir(work) != 0)
        xp_die("cannot make a working folder in the output directory");
    fprintf(tex, "\\begin{tabular}{@{}>{\\raggedright\\arraybackslash}p{3.4cm}l"
            ">{\\raggedright\\arraybackslash}p{8.6cm}@{}}\n\\toprule\n"
            "bad input & status & message \\\\\n\\midrule\n");
    /* <<print a row of the table for each bad input>> */
    for (int r = 0; r < BI_N_ROWS; r++) {
        const bad_input *row = &bad_inputs[r];
        nn_error err;
        if (row->needs_non_root && geteuid() == 0) {
            fprintf(tex, "%s & & \\emph{not run: the superuser may read any file} \\\\\n",
                    row->what);
            skipped++;
            continue;
        }
        nn_status s = bi_run(row, "", &err);
        matched += s == row->status && bi_matches(err.msg, row->message, row->file,
                                                  "labels");
        fprintf(tex, "%s & \\texttt{", row->what);
        tex_puts(tex, s == NN_EIO ? "NN_EIO" : s == NN_EFORMAT ? "NN_EFORMAT"
                      : s == NN_EINVAL ? "NN_EINVAL" : nn_strerror(s));
        fprintf(tex, "} & \\texttt{");
        tex_puts(tex, err.msg);
        fprintf(tex, "} \\\\\n");
        printf("%s: %s\n", row->what, err.msg);
        bi_clean("");
    }
    fprintf(tex, "\\bottomrule\n\\end{tabular}\n");
    /* <<go back, and remove the working folder>> */
    if (fchdir(home) != 0 || rmdir(work) != 0)
        xp_die("cannot remove the working folder");
    xp_def(num, "robustRows", "%d", (int)BI_N_ROWS);
    xp_def(num, "robustMatched", "%d", matched);
    xp_close(tex), xp_close(num);
    printf("%d rows, %d as expected, %d skipped\n", (int)BI_N_ROWS, matched, skipped);
    return 0;
}

/* Tangled from book/a1-320-speed.nw by 'make tangle'. Edit the book, not this file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <criterion/criterion.h>
#include "gemm-products.h"
#include "text-file.h"

/* <<helpers for the tests of the benchmark's table>> */
static const char *bench_good =
    "# a test\nmachine A test CPU_1 @ 3 GHz\ncores 2\ndate 2026-12-06\ncommit abc\n"
    "a_seconds_1 6.000\na_of_peak_1 0.3\na_seconds_2 4.000\na_of_peak_2 0.600\n"
    "a_same_parameters yes\nc_seconds_2 1.500\nkann_seconds 5.0\nkann_accuracy 0.974\n"
    "c_share_dense 0.5\nc_share_batchnorm 0.1\nc_share_activation 0.05\n"
    "c_share_dropout 0.05\nc_share_rest 0.3\n"
    "peak_mib 81\npeak_gflops_1 130\npeak_gflops_2 250\ntorch_version 1.13\n"
    "torch_default_threads 1\ntorch_a_seconds 10.000\ntorch_a_threads default\n"
    "torch_c_seconds 2.000\ntorch_c_threads 2\na_seconds_paired 4.100\n"
    "a_torch_ratio 0.450\nc_seconds_paired 1.600\nc_torch_ratio 0.700\n"
    "a_torch_ratio_min 0.400\na_torch_ratio_max 0.600\nc_torch_ratio_min 0.650\n"
    "c_torch_ratio_max 0.800\ntorch_a_cores 1.97\ntorch_c_cores 1.50\nkernel AVX2\n";

static void bench_put(const char *path, const char *text, const char *drop)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    for (const char *line = text; *line; line = strchr(line, '\n') + 1)
        if (!drop || strncmp(line, drop, strlen(drop)) != 0)
            fprintf(f, "%.*s", (int)(strchr(line, '\n') - line + 1), line);
    for (int t = 1; t <= 2; t++)
        for (size_t b = 0; b < GEMM_BATCHES; b++)
            for (size_t l = 0; l < GEMM_LAYERS; l++)
                for (int k = 0; k < GEMM_KINDS; k++) {
                    char key[64];
                    gemm_product_key(key, l, k, gemm_batches[b], t);
                    if (!drop || strcmp(key, drop) != 0)
                        fprintf(f, "%s %s\n", key, strcmp(key, "gemm_dx_800x10_b64_t2")
                                                       ? "0.95" : "0.81");
                }
    fclose(f);
}
/* <<helpers for the tests of the benchmark's table>> */
static int bench_run(const char *dir, const char *drop, const char *extra, char *err,
                     size_t n)
{
    char path[512], cmd[2048];
    snprintf(path, sizeof path, "%s/results.txt", dir);
    bench_put(path, bench_good, drop);
    FILE *f = fopen(path, "a");
    cr_assert_not_null(f);
    fputs(extra, f);
    fclose(f);
    const char *build = getenv("NN_BUILD_DIR") ? getenv("NN_BUILD_DIR") : "build";
    snprintf(cmd, sizeof cmd, "BENCH_RESULTS=%s %s/bin/bench-table %s > %s/out.txt"
             " 2> %s/err.txt", path, build, dir, dir, dir);
    int st = system(cmd);
    snprintf(path, sizeof path, "%s/err.txt", dir);
    f = fopen(path, "r");
    size_t got = f ? fread(err, 1, n - 1, f) : 0;
    err[got] = '\0';
    if (f)
        fclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
/* <<test the benchmark's table on a complete results file>> */
Test(bench_table, reads_a_complete_results_file)
{
    char dir[] = "/tmp/nn-bench-XXXXXX", err[4096];
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(bench_run(dir, NULL, "", err, sizeof err), 0, "%s", err);
    const char *num = read_text(dir, "numbers.tex");
    cr_expect_not_null(strstr(num, "\\BenchARatio}{0.45}"), "%s", num);
    cr_expect_not_null(strstr(num, "\\BenchCRatio}{0.70}"), "%s", num);
    cr_expect_not_null(strstr(num, "\\BenchARatioMax}{0.60}"), "%s", num);
    cr_expect_not_null(strstr(num, "\\BenchGemmWorst}{0.81}"), "%s", num);
    cr_expect_not_null(strstr(num, "{dX of the 800x10 layer, batch 64, 2 threads}"));
    cr_expect_not_null(strstr(num, "\\BenchMachine}{A test CPU\\_1 @ 3 GHz}"));
    cr_expect_not_null(strstr(num, "\\BenchKernelPhrase}{, whose products ran on the "
                              "AVX2 kernel}"), "%s", num);
    cr_expect_not_null(strstr(num, "\\BenchTorchAThreads}{its default (1 thread)}"));
    cr_expect_not_null(strstr(num, "\\BenchTorchCores}{2.0 in configuration~A and "
                              "1.5 in~C}"), "%s", num);
    cr_expect_not_null(strstr(num, "\\BenchTargetsMet}{4}"), "%s", num);
    const char *out = read_text(dir, "out.txt");
    cr_expect_not_null(strstr(out, "0.45  met"), "%s", out);
    cr_expect_not_null(strstr(out, "0.70  NOT met"), "%s", out);
    const char *md = read_text(dir, "readme.md");        /* the same buffer again */
    cr_expect_not_null(strstr(md, "(2 cores, AVX2 kernel), 2026-12-06"), "%s", md);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}
/* <<test that a value beside its threshold shows the decimals that part them>> */
Test(bench_table, shows_a_value_beside_its_threshold_on_its_side)
{
    static const struct { const char *line, *says; } cases[] = {
        { "a_of_peak_2 0.545\n", "0.545  NOT met" },
        { "a_of_peak_2 0.5551\n", " 0.56  met" },
    };
    for (int i = 0; i < 2; i++) {
        char dir[] = "/tmp/nn-bench-XXXXXX", err[4096], cmd[600];
        cr_assert_not_null(mkdtemp(dir));
        cr_assert_eq(bench_run(dir, "a_of_peak_2", cases[i].line, err, sizeof err), 0,
                     "%s", err);
        const char *out = read_text(dir, "out.txt");
        cr_expect_not_null(strstr(out, cases[i].says), "%s", out);
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        cr_assert_eq(system(cmd), 0);
    }
}
/* <<test that the benchmark's table refuses incomplete results>> */
Test(bench_table, refuses_missing_and_malformed_keys)
{
    static const struct { const char *drop, *extra, *says; } bad[] = {
        { "a_seconds_2", "", "a_seconds_2: missing" },
        { "torch_c_seconds", "", "torch_c_seconds: missing" },
        { "a_torch_ratio", "", "a_torch_ratio: missing" },
        { "c_torch_ratio_max", "", "c_torch_ratio_max: missing" },
        { "peak_mib", "", "peak_mib: missing" },
        { "machine", "", "machine: missing" },
        { "gemm_dw_256x10_b256_t1", "", "gemm_dw_256x10_b256_t1: missing" },
        { "kann_seconds", "kann_seconds fast\n", "kann_seconds: 'fast' is not a" },
        { "a_of_peak_2", "a_of_peak_2 0.6x\n", "a_of_peak_2: '0.6x' is not a number" },
        { "a_same_parameters", "a_same_parameters maybe\n", "neither yes nor no" },
        { "torch_c_cores", "torch_c_cores two\n", "torch_c_cores: 'two' is not a" },
        { NULL, "c_seconds_2\n", "is not 'key value'" },
        { NULL, "Peak 3\n", "is not 'key value'" },
        { NULL, "peak_mib 90\n", "peak_mib: appears twice" },
    };
    char dir[] = "/tmp/nn-bench-XXXXXX", err[4096], path[600];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/results.txt", dir);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        int st = bench_run(dir, bad[k].drop, bad[k].extra, err, sizeof err);
        cr_expect_eq(st, 1, "case %zu: status %d", k, st);
        cr_expect_not_null(strstr(err, bad[k].says), "case %zu: '%s' lacks '%s'", k,
                           err, bad[k].says);
        cr_expect_not_null(strstr(err, path), "case %zu: '%s' lacks the file", k, err);
    }
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}
/* <<test that the benchmark's table refuses incomplete results>> */
Test(bench_table, says_what_an_older_run_did_not_record)
{
    char dir[] = "/tmp/nn-bench-XXXXXX", err[4096];
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(bench_run(dir, "torch_a_cores", "", err, sizeof err), 0, "%s", err);
    const char *num = read_text(dir, "numbers.tex");
    cr_expect_not_null(strstr(num, "\\BenchTorchCores}{not measured"), "%s", num);
    cr_assert_eq(bench_run(dir, "kernel", "", err, sizeof err), 0, "%s", err);
    num = read_text(dir, "numbers.tex");
    cr_expect_not_null(strstr(num, "\\BenchKernelPhrase}{}"), "%s", num);
    const char *md = read_text(dir, "readme.md");
    cr_expect_not_null(strstr(md, "(2 cores), 2026-12-06"), "%s", md);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Tangled from book/a1-330-robust.nw by 'make tangle'. Edit the book, not this file. */
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "nn.h"
#include "temp-files.h"

/* <<helpers for the robustness tests>> */
static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    static char buf[1 << 16];
    *n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    buf[*n] = '\0';
    if (f)
        fclose(f);
    return f ? buf : NULL;
}

static nn_net *small_net(uint64_t seed)
{
    const size_t sizes[] = { 4, 6, 3 };
    nn_rng rng;
    nn_net *net;
    nn_rng_seed(&rng, seed, 1);
    cr_assert_eq(nn_net_mlp(&net, 3, sizes, nn_act_default(NN_ACT_TANH), 8, &rng),
                 NN_OK);
    return net;
}
/* <<test that a stop request ends training between two steps>> */
typedef struct stop_after {
    volatile sig_atomic_t flag;
    int steps, epochs;
} stop_after;

static void count_step(void *ctx, const nn_progress *p)
{
    stop_after *s = ctx;
    (void)p;
    if (++s->steps == 3)
        s->flag = 1;
}

static int count_epoch(void *ctx, const nn_epoch_stats *st)
{
    ((stop_after *)ctx)->epochs += st->epoch > 0;
    return 0;
}
/* <<test that a stop request ends training between two steps>> */
Test(robust, a_stop_request_ends_training_between_two_steps)
{
    nn_dataset d;
    cr_assert_eq(nn_dataset_alloc(&d, 40, 2, 2, 3), NN_OK);
    for (size_t k = 0; k < 160; k++)
        d.x[k] = (nn_real)(k % 7) / 7, d.labels[k / 4] = (int)(k / 4 % 3);
    nn_net *net = small_net(3);
    nn_optim *opt;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    size_t np;
    nn_net_params(net, &np);
    cr_assert_eq(nn_optim_create(&opt, &oc, np), NN_OK);
    stop_after s = { 0, 0, 0 };
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 2, cfg.batch = 4, cfg.shuffle = 0, cfg.ctx = &s;
    cfg.on_progress = count_step, cfg.on_epoch = count_epoch, cfg.stop = &s.flag;
    nn_error err;
    cr_assert_eq(nn_train(net, opt, &cfg, &d, NULL, NULL, &err), NN_ESTOPPED);
    cr_assert_str_eq(err.msg, "training stopped on request at epoch 1, before step 4");
    cr_assert_eq(s.steps, 3);
    cr_assert_eq(s.epochs, 0);
    nn_optim_free(opt), nn_net_free(net), nn_dataset_free(&d);
}
/* <<test that a diverged network is never saved>> */
Test(robust, a_diverged_network_is_never_saved)
{
    char dir[] = "/tmp/nn-robust-XXXXXX", path[64], before[1 << 16], want[256];
    size_t n0, n1, np;
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/m.nnm", dir);
    nn_net *net = small_net(1);
    cr_assert_eq(nn_model_save(net, path, NULL), NN_OK);
    const char *saved = read_file(path, &n0);
    memcpy(before, saved, n0);
    nn_real *p = nn_net_params(net, &np);
    p[np - 1] = (nn_real)NAN;
    nn_error err;
    cr_assert_eq(nn_model_save(net, path, &err), NN_EINVAL);
    snprintf(want, sizeof want, "%s: not saved: parameter %zu of the network is nan "
             "(training diverged?)", path, np - 1);
    cr_assert_str_eq(err.msg, want);
    cr_assert(memcmp(read_file(path, &n1), before, n0) == 0 && n1 == n0,
              "the previous model was changed");
    cr_assert_eq(count_temporaries(dir), 0);
    nn_net_free(net);
    remove(path), rmdir(dir);
}
/* <<test that saves leave no temporary files>> */
Test(robust, saves_leave_no_temporary_files)
{
    char dir[] = "/tmp/nn-robust-XXXXXX", path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/m.nnm", dir);
    nn_net *net = small_net(2);
    for (int k = 0; k < 5; k++)
        cr_assert_eq(nn_model_save(net, path, NULL), NN_OK);
    cr_assert_eq(chmod(dir, 0500), 0);
    nn_status s = nn_model_save(net, path, NULL);      /* fails unless root */
    cr_assert_eq(chmod(dir, 0700), 0);
    cr_assert_eq(s, geteuid() == 0 ? NN_OK : NN_EIO);   /* root may write anyway */
    cr_assert_eq(count_temporaries(dir), 0, "a save left a temporary file");
    nn_net *back;
    cr_assert_eq(nn_model_load(&back, path, 8, NULL), NN_OK);
    nn_net_free(back), nn_net_free(net);
    remove(path), rmdir(dir);
}
/* <<helpers that run the trainer>> */
static void write_set(const char *dir, const char *prefix, unsigned n)
{
    char path[256];
    unsigned char h[16] = { 0, 0, 8, 3 }, *px = malloc((size_t)n * 64);
    unsigned char *lb = malloc(n);
    for (unsigned i = 0; i < n; i++) {
        lb[i] = (unsigned char)(i * 7 % 3);
        for (unsigned p = 0; p < 64; p++)
            px[i * 64 + p] = (unsigned char)(p / 16 == lb[i] ? 220 : (i + p) % 50);
    }
    h[4] = (unsigned char)(n >> 24), h[5] = (unsigned char)(n >> 16);
    h[6] = (unsigned char)(n >> 8), h[7] = (unsigned char)n, h[11] = 8, h[15] = 8;
    snprintf(path, sizeof path, "%s/%s-images-idx3-ubyte", dir, prefix);
    FILE *f = fopen(path, "wb");
    cr_assert(f && fwrite(h, 1, 16, f) == 16 && fwrite(px, 1, n * 64, f) == n * 64);
    cr_assert_eq(fclose(f), 0);
    h[3] = 1;
    snprintf(path, sizeof path, "%s/%s-labels-idx1-ubyte", dir, prefix);
    f = fopen(path, "wb");
    cr_assert(f && fwrite(h, 1, 8, f) == 8 && fwrite(lb, 1, n, f) == n);
    cr_assert_eq(fclose(f), 0);
    free(px), free(lb);
}
/* <<helpers that run the trainer>> */
static pid_t start_child(const char *dir, const char *program, const char *args)
{
    char out[256], err[256], buf[1024], *argv[64] = { (char *)program };
    int n = 1;
    snprintf(out, sizeof out, "%s/out.txt", dir);
    snprintf(err, sizeof err, "%s/err.txt", dir);
    snprintf(buf, sizeof buf, "%s", args);
    for (char *t = strtok(buf, " "); t && n < 63; t = strtok(NULL, " "))
        argv[n++] = t;
    argv[n] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
            _exit(99);
        execv(program, argv);
        _exit(98);
    }
    return pid;
}
/* <<helpers that run the trainer>> */
static int finish(pid_t pid)
{
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static const char *trainer(void)
{
    const char *bin = getenv("NN_TRAIN");
    bin = bin && *bin ? bin : "build/bin/nn-train";
    cr_assert_eq(access(bin, X_OK), 0, "cannot run %s (make commands builds it)", bin);
    return bin;
}

static char *output(const char *dir, const char *name)
{
    char path[256];
    size_t n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = read_file(path, &n);
    cr_assert_not_null(text, "no %s", path);
    return text;
}

static void remove_all(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
/* <<test that the trainer stops cleanly on Ctrl-C and SIGTERM>> */
Test(robust, the_trainer_stops_cleanly_on_ctrl_c_and_sigterm, .timeout = 300)
{
    const int sigs[2] = { SIGINT, SIGTERM };
    const char *says[2] = { "interrupted by SIGINT (Ctrl-C): training stopped on "
                            "request at epoch ", "interrupted by SIGTERM: training "
                            "stopped on request at epoch " };
    char dir[] = "/tmp/nn-robust-XXXXXX", model[64], args[256];
    cr_assert_not_null(mkdtemp(dir));
    write_set(dir, "train", 400), write_set(dir, "t10k", 30);
    snprintf(model, sizeof model, "%s/m.nnm", dir);
    snprintf(args, sizeof args, "--data %s --hidden 32 --batch 1 --epochs 100000000 "
             "--validation 100 --save %s", dir, model);
    for (int k = 0; k < 2; k++) {
        remove(model);
        pid_t pid = start_child(dir, trainer(), args);
        /* <<wait for the first checkpoint, then send the signal>> */
        struct timespec tick = { 0, 10 * 1000000L };
        for (int t = 0; t < 12000 && access(model, F_OK) != 0; t++)
            nanosleep(&tick, NULL);
        cr_assert_eq(access(model, F_OK), 0, "no checkpoint after two minutes:\n%s",
                     output(dir, "err.txt"));
        nanosleep(&tick, NULL);
        cr_assert_eq(kill(pid, sigs[k]), 0);
        cr_assert_eq(finish(pid), 128 + sigs[k], "%s", output(dir, "err.txt"));
        char *err = output(dir, "err.txt");
        cr_assert_not_null(strstr(err, says[k]), "%s", err);
        cr_assert_not_null(strstr(err, "m.nnm holds the model after epoch "), "%s",
                           err);
        nn_net *net;
        nn_error e;
        cr_assert_eq(nn_model_load(&net, model, 4, &e), NN_OK, "%s", e.msg);
        cr_assert_eq(nn_net_n_in(net), 64);
        nn_net_free(net);
        cr_assert_eq(count_temporaries(dir), 0);
    }
    remove_all(dir);
}
/* <<test that a diverging run keeps the previous model>> */
static void diverge(const char *dir, const char *model, const char *how,
                    const char *says)
{
    char args[512];
    snprintf(args, sizeof args, "--data %s --load %s --loss mse --lr 10 --validation "
             "50 --save %s %s", dir, model, model, how);
    cr_assert_eq(finish(start_child(dir, trainer(), args)), 1, "%s",
                 output(dir, "err.txt"));
    char *err = output(dir, "err.txt");
    cr_assert_not_null(strstr(err, "nn-train: training diverged"), "%s", err);
    cr_assert_not_null(strstr(err, says), "%s", err);
    fprintf(stderr, "%s", err);
}
/* <<test that a diverging run keeps the previous model>> */
Test(robust, a_diverging_run_keeps_the_last_good_model, .timeout = 120)
{
    char dir[] = "/tmp/nn-robust-XXXXXX", model[64], args[256], before[1 << 16];
    size_t n0, n1, np;
    cr_assert_not_null(mkdtemp(dir));
    write_set(dir, "train", 300), write_set(dir, "t10k", 30);
    snprintf(model, sizeof model, "%s/m.nnm", dir);
    snprintf(args, sizeof args, "--data %s --hidden none --epochs 2 --validation 50 "
             "--save %s", dir, model);
    cr_assert_eq(finish(start_child(dir, trainer(), args)), 0, "%s",
                 output(dir, "err.txt"));
    cr_assert_not_null(strstr(output(dir, "out.txt"), "\npeak memory: "));
    const char *saved = read_file(model, &n0);
    memcpy(before, saved, n0);
    diverge(dir, model, "--batch 4", "m.nnm was not written: no epoch was complete");
    cr_assert(memcmp(read_file(model, &n1), before, n0) == 0 && n1 == n0,
              "the diverged run changed the model file");
    diverge(dir, model, "--momentum 0.99", "m.nnm holds the model after epoch ");
    nn_net *net;
    cr_assert_eq(nn_model_load(&net, model, 4, NULL), NN_OK);
    const nn_real *p = nn_net_params(net, &np);
    for (size_t i = 0; i < np; i++)
        cr_assert(isfinite(p[i]), "parameter %zu is %g", i, (double)p[i]);
    nn_net_free(net);
    remove_all(dir);
}
/* <<test that bad options stop the trainer before it starts>> */
static const struct { const char *args, *says; } bad_options[] = {
    { "--frob", "unknown option '--frob'" },
    { "stray", "unexpected argument 'stray'" },
    { "--lr", "--lr needs a value: --lr X" },
    { "--batch 0", "--batch 0: expected a whole number of examples above 0" },
    { "--batch -5", "--batch -5: expected a whole number of examples above 0" },
    { "--epochs -1", "--epochs -1: expected a whole number of at least 0" },
    { "--hidden 0", "--hidden 0: expected widths from 1 to 16777216" },
    { "--hidden 10,-3", "--hidden 10,-3: expected widths from 1 to 16777216" },
    { "--lr 11", "--lr 11: the learning rate must be a number above 0 and at most 10" },
    { "--lr -0.5", "--lr -0.5: the learning rate must be a number above 0" },
    { "--momentum 1.5", "--momentum 1.5: the momentum must be a number from 0 to" },
    { "--weight-decay -1", "--weight-decay -1: the weight decay must be a number" },
    { "--activation softmax", "--activation softmax: not an activation for hidden" },
    { "--optimizer gd --nesterov", "--optimizer gd has no momentum" },
    { "--layers 63,10", "the images have 64 pixels, not 63" },
    { "--layers 64,10,3", "the data have 10 classes, not 3" },
    { "--validation 300", "--validation 300: the training set has only 300 images" },
};
/* <<test that bad options stop the trainer before it starts>> */
Test(robust, bad_options_stop_the_trainer_before_it_starts, .timeout = 120)
{
    char dir[] = "/tmp/nn-robust-XXXXXX", args[512], model[64];
    cr_assert_not_null(mkdtemp(dir));
    write_set(dir, "train", 300), write_set(dir, "t10k", 30);
    snprintf(model, sizeof model, "%s/never.nnm", dir);
    for (size_t r = 0; r < sizeof bad_options / sizeof *bad_options; r++) {
        snprintf(args, sizeof args, "--data %s --save %s %s", dir, model,
                 bad_options[r].args);
        int st = finish(start_child(dir, trainer(), args));
        char *err = output(dir, "err.txt");
        cr_expect_eq(st, 2, "%s: status %d\n%s", bad_options[r].args, st, err);
        cr_expect_not_null(strstr(err, bad_options[r].says), "%s: '%s' lacks '%s'",
                           bad_options[r].args, err, bad_options[r].says);
        fprintf(stderr, "nn-train %s: %s", bad_options[r].args, err);
        cr_expect_str_empty(output(dir, "out.txt"), "%s", bad_options[r].args);
        cr_expect_neq(access(model, F_OK), 0, "%s: a model was written",
                      bad_options[r].args);
    }
    remove_all(dir);
}
/* <<test that the experiment programs take only their folder>> */
static int refuse_all(const char *folder, int n_lines, const char *const *lines)
{
    char dir[] = "/tmp/nn-robust-XXXXXX", path[512];
    int tried = 0;
    DIR *d = opendir(folder);
    struct dirent *e;
    cr_assert_not_null(d, "no folder %s (make test builds it)", folder);
    cr_assert_not_null(mkdtemp(dir));
    while ((e = readdir(d)))
        for (int k = 0; k < n_lines && e->d_name[0] != '.'
                        && strncmp(e->d_name, "nn-", 3) != 0; k++) {
            snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
            int st = finish(start_child(dir, path, lines[k]));
            cr_expect_eq(st, 2, "%s %s: status %d", e->d_name, lines[k], st);
            cr_expect_eq(strncmp(output(dir, "err.txt"), "usage: ", 7), 0, "%s %s",
                         e->d_name, lines[k]);
            cr_expect_str_empty(output(dir, "out.txt"), "%s %s", e->d_name, lines[k]);
            tried += k == 0;
        }
    closedir(d);
    remove_all(dir);
    return tried;
}
/* <<test that the experiment programs take only their folder>> */
Test(robust, programs_and_exercises_refuse_bad_command_lines, .timeout = 120)
{
    const char *build = getenv("NN_BUILD_DIR") ? getenv("NN_BUILD_DIR") : "build";
    const char *const xp[3] = { "", "--help", "a b" }, *ex[2] = { "--help", "a" };
    char folder[3][256];
    snprintf(folder[0], sizeof folder[0], "%s/bin", build);
    snprintf(folder[1], sizeof folder[1], "%s/skeletons", build);
    snprintf(folder[2], sizeof folder[2], "%s/solutions", build);
    int n = refuse_all(folder[0], 3, xp);
    int m = refuse_all(folder[1], 2, ex) + refuse_all(folder[2], 2, ex);
    cr_assert_gt(n, 10, "only %d experiment programs in %s", n, folder[0]);
    cr_assert_geq(m, 2, "only %d exercise programs", m);
    fprintf(stderr, "programs: %d experiment programs and %d exercise programs "
            "refused every bad command line\n", n, m);
}

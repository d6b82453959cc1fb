/* Tangled from book/a2-320-speed.nw by 'make tangle'. Edit the book, not this file. */
/* make bench: training speed on MNIST. */
/* needs: mnist */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nn.h"
#include "experiment.h"
#include "speed.h"
#include "epoch-timer.h"
#include "peak.h"

enum { BENCH_RUNS = 5 };                /* each timed setting: the median of 5 */

/* <<train a network for one epoch and time it>> */
static double timed_epoch(const nn_dataset *d, int threads, nn_net *net, nn_rng *rng,
                          const nn_optim_config *oc, size_t batch, nn_real *final)
{
    size_t n;
    nn_optim *opt;
    if (nn_net_params(net, &n), nn_optim_create(&opt, oc, n) != NN_OK)
        xp_die("cannot make the optimizer");
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 1, cfg.batch = batch;
    nn_error err = { NN_OK, "" };
    omp_set_num_threads(threads);
    double t0 = nn_seconds();
    if (nn_train(net, opt, &cfg, d, NULL, rng, &err) != NN_OK)
        xp_die(err.msg);
    double s = nn_seconds() - t0;
    if (final)
        memcpy(final, nn_net_params(net, &n), n * sizeof *final);
    nn_optim_free(opt);
    nn_net_free(net);
    return s;
}

/* <<train one epoch of the big network and time it>> */
static double big_epoch(const nn_dataset *d, int threads, nn_real *final, size_t np)
{
    size_t w[] = { 784, 800, 800, 10 };
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 2);
    nn_net *net;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_SGD);
    oc.lr = 0.01, oc.momentum = 0.9;
    if (nn_net_mlp(&net, 4, w, nn_act_default(NN_ACT_RELU), 64, &rng) != NN_OK
        || nn_net_n_params(net) != np)
        xp_die("cannot make the network");
    return timed_epoch(d, threads, net, &rng, &oc, 64, final);
}

/* <<train one epoch of the normalized network and time it>> */
static const char *const profile_kinds[] = { "dense", "batchnorm", "activation",
                                             "dropout" };
enum { PROFILE_KINDS = 4, PROFILE_LAYERS = 16 };

static double norm_epoch(const nn_dataset *d, int threads, double *share)
{
    size_t w[] = { 784, 256, 256, 10 };
    nn_norm norm[] = { NN_NORM_BATCH, NN_NORM_BATCH };
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 4);
    nn_net *net;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_ADAM);   /* lr 1e-3 */
    if (nn_net_mlp_norm(&net, 4, w, norm, nn_act_default(NN_ACT_RELU),
                        NN_INIT_HE_NORMAL, 0.2, 128, &rng) != NN_OK)
        xp_die("cannot make the normalized network");
    double layer_s[PROFILE_LAYERS] = { 0 };
    const char *kind[PROFILE_LAYERS];
    size_t L = nn_net_n_layers(net);
    if (L > PROFILE_LAYERS)
        xp_die("too many layers to profile");
    for (size_t i = 0; i < L; i++)
        kind[i] = nn_layer_kind_name(nn_net_layer(net, i));
    nn_net_profile(net, share ? layer_s : NULL);
    double s = timed_epoch(d, threads, net, &rng, &oc, 128, NULL);   /* frees net */
    for (int k = 0; share && k < PROFILE_KINDS; k++) {
        share[k] = 0;
        for (size_t i = 0; i < L; i++)
            share[k] += strcmp(kind[i], profile_kinds[k]) ? 0 : layer_s[i] / s;
    }
    return s;
}

/* <<run the small-library benchmark>> */
static double small_run(const nn_dataset *train, const nn_dataset *test, double *acc)
{
    size_t w[] = { 784, 64, 10 }, n;
    nn_rng rng;
    nn_rng_seed(&rng, XP_SEED, 3);
    nn_net *net;
    nn_optim *opt;
    nn_optim_config oc = nn_optim_default(NN_OPTIM_RMSPROP);
    oc.lr = 0.001;
    if (nn_net_mlp(&net, 3, w, nn_act_default(NN_ACT_RELU), 256, &rng) != NN_OK
        || (nn_net_params(net, &n), nn_optim_create(&opt, &oc, n)) != NN_OK)
        xp_die("cannot make the network");
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = 20, cfg.batch = 64;
    nn_error err = { NN_OK, "" };
    nn_eval ev;
    double t0 = nn_seconds();
    if (nn_train(net, opt, &cfg, train, NULL, &rng, &err) != NN_OK)
        xp_die(err.msg);
    double s = nn_seconds() - t0;
    if (nn_evaluate(net, &cfg.loss, test, &ev, NULL, NULL) != NN_OK)
        xp_die("cannot evaluate the test set");
    *acc = ev.accuracy;
    nn_optim_free(opt);
    nn_net_free(net);
    return s;
}

/* <<time the epochs that the PyTorch half asks for>> */
static int serve_epochs(nn_dataset *d)
{
    size_t w[] = { 784, 800, 800, 10 }, np = xp_mlp_params(3, w);
    char line[64];
    printf("ready\n");
    fflush(stdout);
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (strcmp(line, "a") != 0 && strcmp(line, "c") != 0) {
            fprintf(stderr, "train --serve: '%s' is not a request (a or c)\n", line);
            return 2;
        }
        double s = line[0] == 'a' ? big_epoch(d, 2, NULL, np) : norm_epoch(d, 2, NULL);
        printf("seconds %.4f\n", s);
        fflush(stdout);
    }
    nn_dataset_free(d);
    return 0;
}

int main(int argc, char **argv)
{
    int serve = argc == 2 && strcmp(argv[1], "--serve") == 0;
    if (argc != 1 && !serve) {
        fprintf(stderr, "usage: %s [--serve] (MNIST_DIR names the data)\n", argv[0]);
        return 2;
    }
    nn_dataset train, test;
    xp_load_mnist_bytes("train", &train);
    if (serve)
        return serve_epochs(&train);
    xp_load_mnist_bytes("t10k", &test);
    /* <<print the big network's table>> */
    size_t w[] = { 784, 800, 800, 10 }, np = xp_mlp_params(3, w);
    nn_real *p[2] = { malloc(np * sizeof(nn_real)), malloc(np * sizeof(nn_real)) };
    if (!p[0] || !p[1])
        xp_die("out of memory");
    double flops = xp_mlp_train_flops(3, w) * (double)train.n;
    printf("One epoch of 784-800-800-10, ReLU, SGD momentum 0.9, batch 64, %zu examples"
           " (%.0f GFLOP), median of %d\n", train.n, flops / 1e9, (int)BENCH_RUNS);
    printf("%8s %9s %12s %9s %9s %8s\n", "threads", "seconds", "examples/s", "GFLOP/s",
           "peak", "of peak");
    double sec[2], of_peak[2];
    for (int t = 1; t <= 2; t++) {
        double r[BENCH_RUNS];
        for (int k = 0; k < BENCH_RUNS; k++)
            r[k] = big_epoch(&train, t, p[t - 1], np);
        double s = sec[t - 1] = xp_median(r, BENCH_RUNS), peak = peak_gflops(t);
        of_peak[t - 1] = flops / s / 1e9 / peak;
        printf("%8d %9.2f %12.0f %9.1f %9.1f %7.0f%%\n", t, s, (double)train.n / s,
               flops / s / 1e9, peak, 100 * of_peak[t - 1]);
    }
    int same = memcmp(p[0], p[1], np * sizeof(nn_real)) == 0;
    printf("same parameters with 1 and 2 threads, bit for bit: %s\n", same ? "yes" : "NO");
    for (int t = 1; t <= 2; t++)
        printf("result a_seconds_%d %.3f\nresult a_of_peak_%d %.3f\n", t, sec[t - 1], t,
               of_peak[t - 1]);
    printf("result a_same_parameters %s\n", same ? "yes" : "no");
    free(p[0]), free(p[1]);
    /* <<print the normalized network's line>> */
    double rc[BENCH_RUNS];
    for (int k = 0; k < BENCH_RUNS; k++)
        rc[k] = norm_epoch(&train, 2, NULL);
    printf("\nOne epoch of 784-256-256-10, batch norm before ReLU, dropout 0.2, Adam,"
           " batch 128, 2 threads, median of %d\n%9s\n%9.2f\n", (int)BENCH_RUNS, "seconds",
           xp_median(rc, BENCH_RUNS));
    printf("result c_seconds_2 %.3f\n", xp_median(rc, BENCH_RUNS));
    /* <<profile one more epoch of the normalized network, and print the shares>> */
    double share[PROFILE_KINDS], rest = 1;
    norm_epoch(&train, 2, share);
    printf("share of the epoch:");
    for (int k = 0; k < PROFILE_KINDS; k++) {
        printf(" %s %.0f%%", profile_kinds[k], 100 * share[k]);
        rest -= share[k];
    }
    printf(", the rest %.0f%%\n", 100 * rest);
    for (int k = 0; k < PROFILE_KINDS; k++)
        printf("result c_share_%s %.3f\n", profile_kinds[k], share[k]);
    printf("result c_share_rest %.3f\n", rest);
    /* <<print the small-library benchmark's line>> */
    omp_set_num_threads(omp_get_num_procs());
    double r[BENCH_RUNS], acc = 0;
    for (int k = 0; k < BENCH_RUNS; k++)
        r[k] = small_run(&train, &test, &acc);
    printf("\n784-64-10, ReLU, RMSProp lr 0.001, batch 64, 20 epochs, %d threads,"
           " median of %d\n", omp_get_num_procs(), (int)BENCH_RUNS);
    printf("%9s %14s\n", "seconds", "test accuracy");
    printf("%9.2f %13.2f%%\n", xp_median(r, BENCH_RUNS), 100 * acc);
    printf("result kann_seconds %.3f\nresult kann_accuracy %.4f\n",
           xp_median(r, BENCH_RUNS), acc);
    printf("\npeak resident memory of this process: %.0f MiB\n", xp_peak_mib());
    printf("result peak_mib %.0f\n", xp_peak_mib());
    nn_dataset_free(&train), nn_dataset_free(&test);
    return 0;
}

/* Tangled from book/a1-300-trainer.nw by 'make tangle'. Edit the book, not this file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <criterion/criterion.h>
#include "nn.h"
#include "train-options.h"
#include "text-file.h"

/* <<parse a command line given as one string>> */
static int parse(const char *line, train_options *o, char *msg, size_t n)
{
    static char buf[512];
    char *argv[64] = { "nn-train" };
    int argc = 1;
    strcpy(buf, line);
    for (char *t = strtok(buf, " "); t && argc < 63; t = strtok(NULL, " "))
        argv[argc++] = t;
    msg[0] = '\0';
    return train_parse(argc, argv, o, msg, n);
}
/* <<test the trainer's option parser>> */
typedef struct cmdline {
    const char *line;
    int verdict;
    const char *says;
} cmdline;

static const cmdline cmdlines[] = {
    { "", TRAIN_GO, "" },
    { "--lr 0.5 --frob --help", TRAIN_HELP, "" },
    { "--frob", TRAIN_USAGE, "unknown option '--frob'" },
    { "train.txt", TRAIN_USAGE, "unexpected argument 'train.txt'" },
    { "--lr", TRAIN_USAGE, "--lr needs a value: --lr X" },
    { "--nesterov=1", TRAIN_USAGE, "--nesterov takes no value" },
    { "--data=", TRAIN_USAGE, "--data needs a file name" },
    { "--lr 0", TRAIN_USAGE, "--lr 0: the learning rate must be a number above 0" },
    { "--lr -0.1", TRAIN_USAGE, "the learning rate must be" },
    { "--lr 10.5", TRAIN_USAGE, "at most 10" },
    { "--lr nan", TRAIN_USAGE, "the learning rate must be" },
    { "--lr 1e999", TRAIN_USAGE, "the learning rate must be" },
    { "--lr 0.1x", TRAIN_USAGE, "the learning rate must be" },
    { "--momentum 1", TRAIN_USAGE, "the momentum must be a number from 0" },
    { "--momentum -0.5", TRAIN_USAGE, "the momentum must be" },
    { "--weight-decay -1", TRAIN_USAGE, "the weight decay must be" },
    /* <<command lines with bad counts and widths>> */
    { "--batch 0", TRAIN_USAGE, "--batch 0: expected a whole number of examples" },
    { "--batch -3", TRAIN_USAGE, "--batch -3: expected a whole number" },
    { "--batch 1.5", TRAIN_USAGE, "--batch 1.5: expected a whole number" },
    { "--batch=", TRAIN_USAGE, "expected a whole number" },
    { "--epochs -1", TRAIN_USAGE, "--epochs -1: expected a whole number of at least 0" },
    { "--epochs 0", TRAIN_GO, "" },
    { "--seed 18446744073709551615", TRAIN_GO, "" },
    { "--seed 18446744073709551616", TRAIN_USAGE, "expected a whole number" },
    { "--layers 784", TRAIN_USAGE, "at least an input and an output width" },
    { "--layers 784,,10", TRAIN_USAGE, "expected widths from 1 to 16777216" },
    { "--layers 784,0,10", TRAIN_USAGE, "expected widths" },
    { "--layers 784,100,", TRAIN_USAGE, "expected widths" },
    { "--hidden 16777217", TRAIN_USAGE, "expected widths" },
    { "--hidden 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", TRAIN_USAGE, "expected" },
    { "--hidden none", TRAIN_GO, "" },
    /* <<command lines with bad names and contradictions>> */
    { "--augment shift,rotate,elastic", TRAIN_GO, "" },
    { "--augment elastic --elastic 20,3 --augment rotate,elastic --rotate 5", TRAIN_GO,
      "" },
    { "--augment flip", TRAIN_USAGE, "--augment flip: expected a list of shift, rotate" },
    { "--augment shift,,rotate", TRAIN_USAGE, "expected a list of shift" },
    { "--shift 3", TRAIN_USAGE, "--shift sizes a transform that --augment does not" },
    { "--augment shift --elastic 20,3", TRAIN_USAGE, "add elastic to --augment" },
    { "--augment rotate --rotate 200", TRAIN_USAGE, "an angle from 0 to 180" },
    { "--augment elastic --elastic 20", TRAIN_USAGE, "expected ALPHA,SIGMA" },
    { "--augment elastic --elastic 20,0.1", TRAIN_USAGE, "SIGMA from 0.5 to 10" },
    { "--augment shift --shift -1", TRAIN_USAGE, "a whole number of pixels" },
    { "--kfold 5", TRAIN_GO, "" },
    { "--kfold 1", TRAIN_USAGE, "--kfold 1: expected a number of folds from 2 to 100" },
    { "--kfold 5 --save m.nnm", TRAIN_USAGE, "--kfold trains new networks" },
    { "--kfold 5 --validation 100", TRAIN_USAGE, "leave out --load, --save" },
    /* <<command lines with bad names and contradictions>> */
    { "--activation step", TRAIN_USAGE, "not an activation for hidden layers" },
    { "--activation softmax", TRAIN_USAGE, "not an activation for hidden layers" },
    { "--activation swish", TRAIN_USAGE, "--activation swish: not an activation" },
    { "--init kaiming", TRAIN_USAGE, "--init kaiming: not an initialisation" },
    { "--init he_normal --load m.nnm", TRAIN_USAGE, "--init" },
    { "--init xavier_normal --activation tanh", TRAIN_GO, "" },
    { "--loss nll", TRAIN_USAGE, "--loss nll: expected one of mse mae huber" },
    { "--loss cross_entropy", TRAIN_USAGE, "softmax_cross_entropy" },
    { "--optimizer newton", TRAIN_USAGE, "--optimizer newton: expected sgd or gd or "
                                         "adagrad or rmsprop or adam" },
    { "--optimizer rmsprop --nesterov", TRAIN_USAGE, "--nesterov is a form of SGD's" },
    { "--h 3", TRAIN_USAGE, "ambiguous option '--h': give more of its name" },
    { "--val 0", TRAIN_GO, "" },
    { "-x", TRAIN_USAGE, "unknown option '-x'" },
    { "--epochs 1 -- extra", TRAIN_USAGE, "unexpected argument 'extra'" },
    { "--optimizer gd --momentum 0.5", TRAIN_USAGE, "--optimizer gd has no momentum" },
    { "--nesterov --momentum 0", TRAIN_USAGE, "--nesterov needs a momentum above 0" },
    { "--load m.nnm --hidden 10", TRAIN_USAGE, "--load takes the architecture" },
    { "--targets 0.5", TRAIN_USAGE, "expected two numbers OFF,ON with OFF < ON" },
    { "--targets 1,0", TRAIN_USAGE, "OFF < ON" },
    { "--targets 0.01,0.99", TRAIN_GO, "" },
    /* <<command lines with schedules, clipping and eps>> */
    { "--schedule cosine --min-lr 0.001", TRAIN_GO, "" },
    { "--schedule warmup-cosine --warmup 3", TRAIN_GO, "" },
    { "--schedule plateau --patience 2 --factor 0.5", TRAIN_GO, "" },
    { "--schedule step --step-size 3 --gamma 0.5", TRAIN_GO, "" },
    { "--schedule linear", TRAIN_USAGE, "--schedule linear: expected one of" },
    { "--schedule cosine --patience 3", TRAIN_USAGE, "--patience is not a parameter "
                                                     "of --schedule cosine" },
    { "--gamma 0.5", TRAIN_USAGE, "--gamma is not a parameter of --schedule constant" },
    { "--schedule step --gamma 2", TRAIN_USAGE, "step: gamma must lie in (0, 1]" },
    { "--schedule step --step-size 0", TRAIN_USAGE, "the step size must be at least 1" },
    { "--schedule exp --gamma -1", TRAIN_USAGE, "--gamma -1: expected a number" },
    { "--schedule warmup-cosine --epochs 4 --warmup 4", TRAIN_USAGE, "0 <= W < T" },
    { "--schedule cosine --lr 0.01 --min-lr 0.1", TRAIN_USAGE, "the minimum learning" },
    { "--schedule plateau --factor 1", TRAIN_USAGE, "the factor must lie in (0, 1)" },
    { "--schedule plateau --validation 0", TRAIN_USAGE, "it needs --validation" },
    { "--clip-norm 0", TRAIN_USAGE, "--clip-norm 0: the clipping norm must be" },
    { "--clip-norm inf", TRAIN_USAGE, "the clipping norm must be" },
    { "--clip-norm 1", TRAIN_GO, "" },
    { "--eps 1e-6", TRAIN_USAGE, "--eps is a constant of the adaptive optimizers" },
    { "--optimizer rmsprop --eps 0", TRAIN_USAGE, "eps must be a number above 0" },
    { "--optimizer rmsprop --eps 1e-6", TRAIN_GO, "" },
    { "--optimizer adam --beta1 0.8 --beta2 0.99", TRAIN_GO, "" },
    { "--optimizer adamw --weight-decay 0.1 --decay-biases", TRAIN_GO, "" },
    { "--beta2 0.9", TRAIN_USAGE, "--beta1 and --beta2 are constants of Adam" },
    { "--optimizer rmsprop --beta1 0.9", TRAIN_USAGE, "constants of Adam" },
    { "--optimizer adam --beta1 1", TRAIN_USAGE, "a beta must be a number from 0" },
    { "--decay-biases=1", TRAIN_USAGE, "--decay-biases takes no value" },
    /* <<command lines with regularization>> */
    { "--dropout 0.5 --l1 1e-5 --l2 1e-4 --early-stopping 3", TRAIN_GO, "" },
    { "--dropout 0", TRAIN_GO, "" },
    { "--dropout 1", TRAIN_USAGE, "--dropout 1: the probability of dropout must be" },
    { "--dropout -0.1", TRAIN_USAGE, "the probability of dropout must be" },
    { "--dropout nan", TRAIN_USAGE, "the probability of dropout must be" },
    { "--l1 -1", TRAIN_USAGE, "--l1 -1: a penalty must be a finite number" },
    { "--l2 inf", TRAIN_USAGE, "--l2 inf: a penalty must be a finite number" },
    { "--l2 x", TRAIN_USAGE, "a penalty must be" },
    { "--early-stopping 0", TRAIN_USAGE, "the patience must be a whole number" },
    { "--early-stopping 2.5", TRAIN_USAGE, "the patience must be a whole number" },
    { "--early-stopping 3 --validation 0", TRAIN_USAGE, "it needs --validation above 0" },
    { "--load m.nnm --dropout 0.3", TRAIN_USAGE, "dropout included" },
    /* <<command lines with --arch>> */
    { "--arch 784-256bn-256ln-10", TRAIN_GO, "" },
    { "--arch 784-256xn-10", TRAIN_USAGE, "'256xn' is not a width" },
    { "--arch 784--10", TRAIN_USAGE, "'' is not a width" },
    { "--arch 784-0-10", TRAIN_USAGE, "'0' is not a width" },
    { "--arch 784bn-10", TRAIN_USAGE, "only hidden widths can end in bn or ln" },
    { "--arch 784-10ln", TRAIN_USAGE, "only hidden widths can end in bn or ln" },
    { "--arch 784", TRAIN_USAGE, "at least an input and an output width" },
    { "--layers 784,10 --arch 784-10", TRAIN_USAGE, "leave out --layers and --hidden" },
    { "--arch 784-10 --hidden 5", TRAIN_USAGE, "leave out --layers and --hidden" },
    { "--arch 784-5bn-10 --batch 1", TRAIN_USAGE, "at least 2 examples per batch" },
    { "--arch 784-5ln-10 --batch 1", TRAIN_GO, "" },
    { "--arch 784-5bn-10 --load m.nnm", TRAIN_USAGE, "--arch" },
    /* <<command lines with residual blocks>> */
    { "--residual-blocks 4", TRAIN_GO, "" },
    { "--residual-blocks 0 --hidden none", TRAIN_GO, "" },
    { "--residual-blocks 2 --layers 784,10", TRAIN_USAGE, "needs a hidden layer" },
    { "--residual-blocks 2 --hidden none", TRAIN_USAGE, "needs a hidden layer" },
    { "--residual-blocks -1", TRAIN_USAGE, "blocks from 0 to 1000" },
    { "--residual-blocks 1001", TRAIN_USAGE, "blocks from 0 to 1000" },
    { "--residual-blocks 3 --load m.nnm", TRAIN_USAGE, "leave out --residual-blocks" },
    { "--residual-blocks 2 --arch 784-64bn-10", TRAIN_GO, "" },
    { "--residual-blocks 2 --dropout 0.2", TRAIN_GO, "" },
    { "--residual-blocks 2 --arch 784-10", TRAIN_USAGE, "needs a hidden layer" },
    /* <<command lines with --resume>> */
    { "--resume ck.nnm --epochs 8", TRAIN_GO, "" },
    { "--resume ck.nnm --load m.nnm", TRAIN_USAGE, "leave out --load" },
    { "--resume ck.nnm --kfold 3", TRAIN_USAGE, "leave out --kfold" },
    { "--resume=", TRAIN_USAGE, "--resume needs a file name" },
};
/* <<test the trainer's option parser>> */
Test(trainer, every_command_line_gets_its_verdict)
{
    for (size_t k = 0; k < sizeof cmdlines / sizeof *cmdlines; k++) {
        train_options o;
        char msg[512];
        int v = parse(cmdlines[k].line, &o, msg, sizeof msg);
        cr_expect_eq(v, cmdlines[k].verdict, "'%s': verdict %d (%s)", cmdlines[k].line,
                     v, msg);
        cr_expect_not_null(strstr(msg, cmdlines[k].says), "'%s': '%s' lacks '%s'",
                           cmdlines[k].line, msg, cmdlines[k].says);
        if (v == TRAIN_USAGE)
            fprintf(stderr, "nn-train %s: %s\n", cmdlines[k].line, msg);
    }
}
/* <<test the trainer's option parser>> */
Test(trainer, a_schedule_gets_the_run_and_the_options)
{
    train_options o;
    char msg[512];
    cr_assert_eq(parse("--min-lr 0.001 --schedule warmup-cosine --epochs 7 "
                       "--lr 0.2 --warmup 3", &o, msg, sizeof msg), TRAIN_GO,
                 "%s", msg);
    cr_assert_eq(o.sched.kind, NN_SCHED_WARMUP_COSINE);
    cr_assert_eq(o.sched.base_lr, 0.2);
    cr_assert_eq(o.sched.t_max, 7);
    cr_assert_eq(o.sched.warmup, 3);
    cr_assert_eq(o.sched.min_lr, 0.001);
    cr_assert_eq(o.sched.start_factor,
                 nn_sched_default(NN_SCHED_WARMUP_COSINE, 1).start_factor);
    cr_assert_eq(parse("--optimizer adamw --beta2 0.99", &o, msg, sizeof msg),
                 TRAIN_GO);
    cr_assert_eq(o.optim.weight_decay, nn_optim_default(NN_OPTIM_ADAMW).weight_decay,
                 "AdamW keeps its own weight decay unless one is given");
    cr_assert_eq(o.optim.beta2, 0.99);
    cr_assert_eq(o.optim.beta1, nn_optim_default(NN_OPTIM_ADAMW).beta1);
    cr_assert_eq(parse("--clip-norm 2.5", &o, msg, sizeof msg), TRAIN_GO);
    cr_assert_eq(o.clip_norm, 2.5);
    cr_assert_eq(o.sched.kind, NN_SCHED_CONSTANT);
}
/* <<test the trainer's option parser>> */
Test(trainer, options_arrive_in_the_structure)
{
    train_options o;
    char msg[512];
    cr_assert_eq(parse("--layers 784,200,10 --activation tanh --loss mse --targets "
                       "0.01,0.99 --optimizer gd --lr=0.3 --batch 1 --epochs=1 "
                       "--validation 0 --seed 7 --save m.nnm --predictions p.txt "
                       "--data=d --log l.txt", &o, msg, sizeof msg), TRAIN_GO,
                 "%s", msg);
    cr_assert_eq(o.shape, 'l');
    cr_assert_eq(o.n_widths, 3);
    cr_assert_eq(o.widths[1], 200);
    cr_assert_eq(o.act.kind, NN_ACT_TANH);
    cr_assert_eq(o.loss.kind, NN_LOSS_MSE);
    cr_assert(o.target_off == 0.01 && o.target_on == 0.99);
    cr_assert(o.plain_gd && o.optim.momentum == 0 && o.optim.lr == 0.3);
    cr_assert(o.batch == 1 && o.epochs == 1 && o.validation == 0 && o.seed == 7);
    cr_assert_str_eq(o.save, "m.nnm");
    cr_assert_str_eq(o.predictions, "p.txt");
    cr_assert_str_eq(o.data, "d");
    cr_assert_str_eq(o.log, "l.txt");
    cr_assert_eq(o.residual_blocks, 0);
    cr_assert_eq(parse("--residual-blocks 7", &o, msg, sizeof msg), TRAIN_GO);
    cr_assert_eq(o.residual_blocks, 7);
}
/* <<test the trainer's option parser>> */
Test(trainer, widths_must_fit_the_data)
{
    train_options o;
    char msg[512];
    size_t sizes[TRAIN_MAX_WIDTHS + 2];
    cr_assert_eq(parse("--layers 784,100,10 --validation 10000", &o, msg, sizeof msg),
                 TRAIN_GO);
    cr_assert_eq(train_check_data(&o, 784, 10, 60000, msg, sizeof msg), TRAIN_GO);
    cr_assert_eq(train_check_data(&o, 64, 10, 60000, msg, sizeof msg), TRAIN_USAGE);
    cr_assert_not_null(strstr(msg, "the images have 64 pixels, not 784"), "%s", msg);
    cr_assert_eq(train_check_data(&o, 784, 3, 60000, msg, sizeof msg), TRAIN_USAGE);
    cr_assert_not_null(strstr(msg, "the data have 3 classes, not 10"), "%s", msg);
    cr_assert_eq(train_check_data(&o, 784, 10, 10000, msg, sizeof msg), TRAIN_USAGE);
    cr_assert_not_null(strstr(msg, "--validation 10000: the training set has only"));
    cr_assert_eq(train_sizes(&o, 784, 10, sizes), 3);
    cr_assert_eq(parse("--hidden 30,20", &o, msg, sizeof msg), TRAIN_GO);
    cr_assert_eq(train_sizes(&o, 64, 3, sizes), 4);
    cr_assert(sizes[0] == 64 && sizes[1] == 30 && sizes[2] == 20 && sizes[3] == 3);
    cr_assert_eq(parse("--hidden none", &o, msg, sizeof msg), TRAIN_GO);
    cr_assert_eq(train_sizes(&o, 64, 3, sizes), 2);
}
/* <<test the trainer's option parser>> */
Test(trainer, the_default_validation_set_fits_the_data)
{
    train_options o;
    char msg[512];
    cr_assert_eq(parse("--hidden 10", &o, msg, sizeof msg), TRAIN_GO);
    cr_assert_eq(train_check_data(&o, 784, 10, 600, msg, sizeof msg), TRAIN_GO,
                 "%s", msg);
    cr_assert_eq(train_validation(&o, 600), 100);
    cr_assert_eq(train_validation(&o, 60000), 10000);
    cr_assert_eq(train_validation(&o, 120000), 10000);
    cr_assert_eq(parse("--validation 600", &o, msg, sizeof msg), TRAIN_GO);
    cr_assert_eq(train_validation(&o, 60000), 600);
    cr_assert_eq(train_check_data(&o, 784, 10, 600, msg, sizeof msg), TRAIN_USAGE);
}
/* <<test the trainer's option parser>> */
Test(trainer, each_optimizer_gets_its_defaults)
{
    train_options o;
    char msg[512];
    nn_optim *opt;
    cr_assert_eq(parse("--optimizer rmsprop", &o, msg, sizeof msg), TRAIN_GO, "%s",
                 msg);
    cr_assert_eq(o.optim.kind, NN_OPTIM_RMSPROP);
    cr_assert(o.optim.alpha == 0.99 && o.optim.eps == 1e-8 && o.optim.lr == 0.001);
    cr_assert(o.optim.momentum == 0);
    cr_assert_eq(nn_optim_create(&opt, &o.optim, 10), NN_OK);
    nn_optim_free(opt);
    cr_assert_eq(parse("--lr 0.01 --momentum 0.5 --optimizer rmsprop", &o, msg,
                       sizeof msg), TRAIN_GO, "%s", msg);
    cr_assert(o.optim.lr == 0.01 && o.optim.momentum == 0.5 && o.optim.eps == 1e-8);
    cr_assert_eq(parse("--optimizer sgd", &o, msg, sizeof msg), TRAIN_GO);
    cr_assert(o.optim.lr == 0.05 && o.optim.momentum == 0.9);
    cr_assert_eq(parse("--optimizer gd --lr 0.2", &o, msg, sizeof msg), TRAIN_GO);
    cr_assert(o.plain_gd && o.optim.lr == 0.2 && o.optim.momentum == 0);
}
/* <<test the trainer's option parser>> */
Test(trainer, the_help_lists_every_option_and_activation)
{
    char *text;
    size_t len;
    FILE *f = open_memstream(&text, &len);
    train_usage(f);
    fclose(f);
    for (int i = 0; i < train_n_options; i++) {
        char opt[64];
        snprintf(opt, sizeof opt, "--%s", train_table[i].name);
        cr_expect_not_null(strstr(text, opt), "%s is not in the help", opt);
    }
    const char *headings[] = { "\ndata:\n", "\nnetwork:\n", "\noptimization:\n",
                               "\nrun and output:\n", "\noptimizers", "\n  gd (",
                               "\nlosses:" };
    for (int i = 0; i < 7; i++)
        cr_expect_not_null(strstr(text, headings[i]), "no '%s' in the help",
                           headings[i]);
    for (int k = 0; k < NN_ACT_COUNT; k++) {
        train_options o;
        char msg[512], line[64];
        snprintf(line, sizeof line, "--activation %s", nn_act_name((nn_act_kind)k));
        if (parse(line, &o, msg, sizeof msg) == TRAIN_GO)
            cr_expect_not_null(strstr(text, nn_act_name((nn_act_kind)k)));
    }
    /* <<check that the help lists every optimizer and every loss>> */
    for (int k = 0; k < NN_OPTIM_COUNT; k++) {
        train_options o;
        char msg[512], line[64], entry[64];
        snprintf(line, sizeof line, "--optimizer %s", nn_optim_name((nn_optim_kind)k));
        cr_assert_eq(parse(line, &o, msg, sizeof msg), TRAIN_GO, "%s", msg);
        snprintf(entry, sizeof entry, "\n  %s (%g, %g)", nn_optim_name((nn_optim_kind)k),
                 o.optim.lr, o.optim.momentum);
        cr_expect_not_null(strstr(text, entry), "no '%s' in the help", entry);
    }
    for (int k = 0; k < NN_LOSS_COUNT; k++) {
        train_options o;
        char msg[512], line[64], entry[64];
        snprintf(line, sizeof line, "--loss %s", nn_loss_name((nn_loss_kind)k));
        snprintf(entry, sizeof entry, " %s", nn_loss_name((nn_loss_kind)k));
        if (parse(line, &o, msg, sizeof msg) == TRAIN_GO)
            cr_expect_not_null(strstr(strstr(text, "\nlosses:"), entry), "no %s", entry);
    }
    free(text);
}
/* <<make a small dataset in IDX files>> */
static void write_idx(const char *path, int gz, unsigned magic, int ndims,
                      const unsigned *dims, const unsigned char *data, size_t n)
{
    unsigned char h[16];
    size_t k = 0;
    for (int d = -1; d < ndims; d++) {
        unsigned v = d < 0 ? magic : dims[d];
        h[k++] = (unsigned char)(v >> 24), h[k++] = (unsigned char)(v >> 16);
        h[k++] = (unsigned char)(v >> 8), h[k++] = (unsigned char)v;
    }
    gzFile f = gzopen(path, gz ? "wb" : "wbT");     /* T: write without gzip */
    cr_assert_not_null(f, "cannot write %s", path);
    cr_assert_eq(gzwrite(f, h, (unsigned)k), (int)k);
    cr_assert_eq(gzwrite(f, data, (unsigned)n), (int)n);
    cr_assert_eq(gzclose(f), Z_OK);
}
/* <<make a small dataset in IDX files>> */
enum { SIDE = 8, N_TRAIN = 300, N_TEST = 60, CLASSES = 3 };

static void make_set(const char *dir, const char *prefix, unsigned n, int gz_labels,
                     unsigned char *labels, nn_rng *r)
{
    unsigned char *img = malloc((size_t)n * SIDE * SIDE);
    for (unsigned k = 0; k < n; k++) {
        labels[k] = (unsigned char)nn_rng_below(r, CLASSES);
        for (int p = 0; p < SIDE * SIDE; p++) {
            int band = p / SIDE / 2 == labels[k];
            img[k * SIDE * SIDE + p] = (unsigned char)(band ? 200 + nn_rng_below(r, 56)
                                                            : nn_rng_below(r, 60));
        }
    }
    char path[256];
    unsigned dims[3] = { n, SIDE, SIDE };
    snprintf(path, sizeof path, "%s/%s-images-idx3-ubyte", dir, prefix);
    write_idx(path, 0, 0x803, 3, dims, img, (size_t)n * SIDE * SIDE);
    snprintf(path, sizeof path, "%s/%s-labels-idx1-ubyte%s", dir, prefix,
             gz_labels ? ".gz" : "");
    write_idx(path, gz_labels, 0x801, 1, dims, labels, n);
    free(img);
}
/* <<run the trainer and read what it wrote>> */
static int run_trainer(const char *dir, const char *args)
{
    const char *bin = getenv("NN_TRAIN") ? getenv("NN_TRAIN") : "build/bin/nn-train";
    char cmd[1024];
    cr_assert_eq(access(bin, X_OK), 0, "cannot run %s (make commands builds it)", bin);
    snprintf(cmd, sizeof cmd, "%s --data %s %s > %s/out.txt 2> %s/err.txt", bin, dir,
             args, dir, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void remove_all(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}
/* <<test the trainer from end to end>> */
Test(trainer, cross_validates_with_augmentation)
{
    char dir[] = "/tmp/nn-train-XXXXXX";
    unsigned char train[N_TRAIN], test[N_TEST];
    nn_rng r;
    nn_rng_seed(&r, 12, 1);
    cr_assert_not_null(mkdtemp(dir));
    make_set(dir, "train", N_TRAIN, 1, train, &r);
    make_set(dir, "t10k", N_TEST, 0, test, &r);
    cr_assert_eq(run_trainer(dir, "--hidden 16 --epochs 4 --batch 10 --lr 0.1 "
                             "--kfold 3 --augment shift,rotate --shift 1 --rotate 10"),
                 0, "%s", read_text(dir, "err.txt"));
    char *out = read_text(dir, "out.txt");
    cr_assert_not_null(strstr(out, "  augment    shift up to 1 pixels, rotate up to "
                              "10 degrees\n"), "%s", out);
    cr_assert_not_null(strstr(out, "  k-fold     3 folds"), "%s", out);
    double acc[3], mean, spread, m, s;
    for (int k = 0; k < 3; k++) {
        char what[64];
        snprintf(what, sizeof what, "fold %d: validation accuracy ", k + 1);
        char *at = strstr(out, what);
        cr_assert_not_null(at, "%s", out);
        cr_assert_eq(sscanf(at + strlen(what), "%lf", &acc[k]), 1);
    }
    char *at = strstr(out, "k-fold: validation accuracy ");
    cr_assert_not_null(at, "%s", out);
    cr_assert_eq(sscanf(at, "k-fold: validation accuracy %lf%% +- %lf", &mean,
                        &spread), 2);
    nn_mean_spread(3, acc, &m, &s);
    cr_assert((m - mean) * (m - mean) < 1e-4 && (s - spread) * (s - spread) < 1e-4,
              "%s", out);
    cr_assert_eq(run_trainer(dir, "--augment shift --shift 5"), 2);
    const char *err = read_text(dir, "err.txt");
    cr_assert_not_null(strstr(err, "the shift is more than half"), "%s", err);
    remove_all(dir);
}
/* <<test the trainer from end to end>> */
Test(trainer, trains_saves_loads_and_predicts)
{
    char dir[] = "/tmp/nn-train-XXXXXX", args[512];
    unsigned char train[N_TRAIN], test[N_TEST];
    nn_rng r;
    nn_rng_seed(&r, 12, 1);
    cr_assert_not_null(mkdtemp(dir));
    make_set(dir, "train", N_TRAIN, 1, train, &r);
    make_set(dir, "t10k", N_TEST, 0, test, &r);
    snprintf(args, sizeof args, "--hidden 16 --epochs 8 --batch 10 --lr 0.1 "
             "--validation 50 --seed 7 --save %s/m.nnm --predictions %s/p.txt "
             "--log %s/log.txt", dir, dir, dir);
    cr_assert_eq(run_trainer(dir, args), 0, "%s", read_text(dir, "err.txt"));
    char *out = read_text(dir, "out.txt");
    cr_assert_not_null(strstr(out, "nn-train: seed 7, single precision, "), "%s", out);
    cr_assert_not_null(strstr(out, "8 epochs, batches of 10"), "%s", out);
    /* <<check the predictions of the small network>> */
    char *p = read_text(dir, "p.txt");
    int correct = 0, lines = 0, label;
    for (char *t = strtok(p, "\n"); t; t = strtok(NULL, "\n"), lines++) {
        cr_assert_eq(sscanf(t, "%d", &label), 1);
        cr_assert(label >= 0 && label < CLASSES, "label %d", label);
        correct += lines < N_TEST && label == test[lines];
    }
    cr_assert_eq(lines, N_TEST);
    cr_assert_geq(correct, 57, "%d of %d right", correct, N_TEST);
    char *log = read_text(dir, "log.txt");
    int rows = 0;
    for (char *c = log; *c; c++)
        rows += *c == '\n';
    cr_assert_eq(rows, 1 + 9, "a header and epochs 0 to 8:\n%s", log);
    snprintf(args, sizeof args, "--load %s/m.nnm --epochs 0 --predictions %s/q.txt",
             dir, dir);
    cr_assert_eq(run_trainer(dir, args), 0, "%s", read_text(dir, "err.txt"));
    char first[4096];
    strcpy(first, read_text(dir, "p.txt"));
    cr_assert_str_eq(read_text(dir, "q.txt"), first,
                     "the loaded model predicts otherwise");
    remove_all(dir);
}
/* <<test the trainer from end to end>> */
static void expect_exit(const char *dir, const char *args, int status,
                        const char *says)
{
    int got = run_trainer(dir, args);
    char *err = read_text(dir, "err.txt");
    cr_expect_eq(got, status, "nn-train %s: status %d, expected %d\n%s", args, got,
                 status, err);
    cr_expect_not_null(strstr(err, says), "nn-train %s: '%s' lacks '%s'", args, err,
                       says);
    fprintf(stderr, "nn-train %s: %s", args, err);
}
/* <<test the trainer from end to end>> */
Test(trainer, refuses_bad_options_data_and_models)
{
    char dir[] = "/tmp/nn-train-XXXXXX", args[512];
    unsigned char train[N_TRAIN], test[N_TEST];
    nn_rng r;
    nn_rng_seed(&r, 13, 1);
    cr_assert_not_null(mkdtemp(dir));
    make_set(dir, "train", N_TRAIN, 1, train, &r);
    make_set(dir, "t10k", N_TEST, 0, test, &r);
    expect_exit(dir, "--layers 64,8,5", 2, "the data have 10 classes, not 5");
    expect_exit(dir, "--validation 300", 2, "the training set has only 300");
    expect_exit(dir, "--lr 0", 2, "--lr 0: the learning rate must be");
    expect_exit(dir, "--hidden none --loss mse --lr 10 --validation 50", 1,
                "training diverged");
    /* <<give the trainer a bad model and bad data>> */
    snprintf(args, sizeof args, "%s/bad.nnm", dir);
    FILE *f = fopen(args, "w");
    fputs("not a model\n", f);
    fclose(f);
    snprintf(args, sizeof args, "--load %s/bad.nnm --epochs 0", dir);
    expect_exit(dir, args, 1, "bad.nnm: not a model file");
    snprintf(args, sizeof args, "%s/t10k-labels-idx1-ubyte", dir);
    cr_assert_eq(truncate(args, 40), 0);
    expect_exit(dir, "--epochs 1", 1, "t10k-labels-idx1-ubyte");
    snprintf(args, sizeof args, "%s/t10k-labels-idx1-ubyte", dir);
    remove(args);
    expect_exit(dir, "--epochs 1", 1, "t10k-labels-idx1-ubyte");
    remove_all(dir);
}
/* <<test the trainer from end to end>> */
Test(trainer, works_for_a_new_user)
{
    char dir[] = "/tmp/nn-train-XXXXXX";
    unsigned char train[N_TRAIN], test[N_TEST];
    nn_rng r;
    nn_rng_seed(&r, 14, 1);
    cr_assert_not_null(mkdtemp(dir));
    make_set(dir, "train", N_TRAIN, 1, train, &r);
    make_set(dir, "t10k", N_TEST, 0, test, &r);
    setenv("OMP_NUM_THREADS", "3", 1);
    cr_assert_eq(run_trainer(dir, "--epochs 2"), 0, "%s", read_text(dir, "err.txt"));
    unsetenv("OMP_NUM_THREADS");
    char *out = read_text(dir, "out.txt");
    cr_expect_not_null(strstr(out, ", 3 threads\n"), "%s", out);
    cr_expect_not_null(strstr(out, "250 to train, 50 to validate"), "%s", out);
    cr_expect_null(strstr(out, "nan"), "%s", out);
    cr_assert_eq(run_trainer(dir, "--epochs 2 --validation 0"), 0, "%s",
                 read_text(dir, "err.txt"));
    out = read_text(dir, "out.txt");
    cr_expect_null(strstr(out, "nan"), "%s", out);
    cr_assert_eq(run_trainer(dir, "--epochs 2 --optimizer rmsprop"), 0, "%s",
                 read_text(dir, "err.txt"));
    out = read_text(dir, "out.txt");
    cr_expect_not_null(strstr(out, "rmsprop, learning rate 0.001"), "%s", out);
    remove_all(dir);
}
/* <<test the trainer's regularization from end to end>> */
Test(trainer, regularizes_and_keeps_the_best_epoch)
{
    char dir[] = "/tmp/nn-train-XXXXXX", args[512];
    unsigned char train[N_TRAIN], test[N_TEST];
    nn_rng r;
    nn_rng_seed(&r, 14, 1);
    cr_assert_not_null(mkdtemp(dir));
    make_set(dir, "train", N_TRAIN, 1, train, &r);
    make_set(dir, "t10k", N_TEST, 0, test, &r);
    snprintf(args, sizeof args, "--hidden 32 --epochs 30 --batch 10 --lr 0.1 "
             "--validation 50 --dropout 0.3 --l1 1e-5 --l2 1e-4 --early-stopping 2 "
             "--save %s/m.nnm --predictions %s/p.txt", dir, dir);
    cr_assert_eq(run_trainer(dir, args), 0, "%s", read_text(dir, "err.txt"));
    char *out = read_text(dir, "out.txt");
    cr_assert_not_null(strstr(out, "relu dropout(0.3) -> 10"), "%s", out);
    cr_assert_not_null(strstr(out, "dropout 0.3, L1 1e-05, L2 0.0001, early "
                                   "stopping with patience 2"), "%s", out);
    cr_assert_not_null(strstr(out, "early stopping: kept epoch "), "%s", out);
    /* <<load the kept model and compare its predictions>> */
    snprintf(args, sizeof args, "--load %s/m.nnm --epochs 0 --predictions %s/q.txt",
             dir, dir);
    cr_assert_eq(run_trainer(dir, args), 0, "%s", read_text(dir, "err.txt"));
    cr_assert_not_null(strstr(read_text(dir, "out.txt"), "dropout(0.3)"));
    char first[4096];
    strcpy(first, read_text(dir, "p.txt"));
    cr_assert_str_eq(read_text(dir, "q.txt"), first, "the saved model is not the kept one");
    remove_all(dir);
}
/* <<test resuming the trainer from end to end>> */
static void same_checkpoints(const char *a, const char *b)
{
    nn_net *na, *nb;
    nn_checkpoint ca, cb;
    nn_error e;
    size_t n, m;
    cr_assert_eq(nn_checkpoint_load(&na, &ca, a, 16, &e), NN_OK, "%s", e.msg);
    cr_assert_eq(nn_checkpoint_load(&nb, &cb, b, 16, &e), NN_OK, "%s", e.msg);
    nn_real *pa = nn_net_params(na, &n), *pb = nn_net_params(nb, &m);
    cr_assert(n == m && memcmp(pa, pb, n * sizeof *pa) == 0, "the networks differ");
    pa = nn_optim_slots(ca.opt, &n), pb = nn_optim_slots(cb.opt, &m);
    cr_assert(n == m && memcmp(pa, pb, n * sizeof *pa) == 0, "the slots differ");
    cr_assert_eq(nn_optim_steps(ca.opt), nn_optim_steps(cb.opt));
    cr_assert(ca.sched.t == cb.sched.t && ca.sched.lr == cb.sched.lr);
    cr_assert_eq(ca.state.epochs_done, cb.state.epochs_done);
    cr_assert(memcmp(ca.state.order, cb.state.order, ca.state.n * sizeof(size_t)) == 0);
    cr_assert_not_null(strstr(cb.settings, "--epochs 4\n"), "%s", cb.settings);
    nn_net_free(na), nn_net_free(nb), nn_checkpoint_free(&ca), nn_checkpoint_free(&cb);
}
/* <<test resuming the trainer from end to end>> */
Test(trainer, resumes_a_run_bit_for_bit)
{
    char dir[] = "/tmp/nn-train-XXXXXX", args[768], a[64], b[64];
    const char *run_of = "--hidden 16 --batch 10 --validation 50 --seed 7 "
        "--optimizer adam --lr 0.01 --schedule exp --gamma 0.7 --dropout 0.2 "
        "--augment shift";
    unsigned char train[N_TRAIN], test[N_TEST];
    nn_rng r;
    nn_rng_seed(&r, 15, 1);
    cr_assert_not_null(mkdtemp(dir));
    make_set(dir, "train", N_TRAIN, 1, train, &r);
    make_set(dir, "t10k", N_TEST, 0, test, &r);
    snprintf(a, sizeof a, "%s/a.nnm", dir), snprintf(b, sizeof b, "%s/b.nnm", dir);
    snprintf(args, sizeof args, "%s --epochs 4 --save %s", run_of, a);
    cr_assert_eq(run_trainer(dir, args), 0, "%s", read_text(dir, "err.txt"));
    snprintf(args, sizeof args, "%s --epochs 2 --save %s", run_of, b);
    cr_assert_eq(run_trainer(dir, args), 0, "%s", read_text(dir, "err.txt"));
    snprintf(args, sizeof args, "--resume %s --epochs 4 --save %s", b, b);
    cr_assert_eq(run_trainer(dir, args), 0, "%s", read_text(dir, "err.txt"));
    char *out = read_text(dir, "out.txt");
    cr_expect_not_null(strstr(out, "resumed from "), "%s", out);
    cr_expect_not_null(strstr(out, "b.nnm at epoch 2"), "%s", out);
    cr_expect_null(strstr(out, "epoch   0"), "%s", out);
    cr_expect_not_null(strstr(out, "epoch   3"), "%s", out);
    same_checkpoints(a, b);
    /* <<refuse to resume against the settings or from a plain model>> */
    snprintf(args, sizeof args, "--resume %s --epochs 6 --lr 0.5", b);
    expect_exit(dir, args, 2, "--lr 0.5 contradicts the run of the checkpoint, which "
                "had --lr 0.01");
    snprintf(args, sizeof args, "--resume %s --epochs 6 --momentum 0.5", b);
    expect_exit(dir, args, 2, "which had no --momentum");
    snprintf(args, sizeof args, "--resume %s --epochs 4", b);
    expect_exit(dir, args, 2, "its run has 4 epochs already");
    snprintf(args, sizeof args, "--hidden 8 --epochs 2 --schedule cosine --save %s", b);
    cr_assert_eq(run_trainer(dir, args), 0, "%s", read_text(dir, "err.txt"));
    snprintf(args, sizeof args, "--resume %s --epochs 3", b);
    expect_exit(dir, args, 2, "its cosine schedule ends at epoch 2");
    snprintf(args, sizeof args, "--load %s --epochs 0 --save %s/plain.nnm", a, dir);
    cr_assert_eq(run_trainer(dir, args), 0, "%s", read_text(dir, "err.txt"));
    snprintf(args, sizeof args, "--resume %s/plain.nnm --epochs 6", dir);
    expect_exit(dir, args, 1, "plain.nnm: a plain model, without the training state");
    remove_all(dir);
}

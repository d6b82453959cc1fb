/* Tangled from book/a1-300-trainer.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "nn.h"

/* <<helpers for the resume tests>> */
static void resume_images(nn_dataset *d, size_t n, uint64_t seed)
{
    nn_rng r;
    nn_rng_seed(&r, seed, 5);
    cr_assert_eq(nn_dataset_alloc(d, n, 4, 4, 3), NN_OK);
    for (size_t i = 0; i < n; i++) {
        d->labels[i] = (int)(i % 3);
        for (size_t j = 0; j < 16; j++)
            d->x[i * 16 + j] = (nn_real)(nn_rng_uniform(&r) * (0.3 + (j % 3 == i % 3)));
    }
}

static nn_net *resume_net(double p_dropout)
{
    nn_net *net;
    nn_rng r;
    nn_rng_seed(&r, 3, 2);
    const size_t sizes[] = { 16, 12, 3 };
    cr_assert_eq(nn_net_mlp_norm(&net, 3, sizes, NULL, nn_act_default(NN_ACT_RELU),
                                 NN_INIT_HE_NORMAL, p_dropout, 8, &r), NN_OK);
    return net;
}
/* <<helpers for the resume tests>> */
typedef struct resume_run {
    nn_net *net;
    nn_checkpoint ck;           /* opt, sched, state */
    const char *path;           /* NULL: no checkpoint */
    size_t save_at;
} resume_run;

static int resume_on_epoch(void *ctx, const nn_epoch_stats *s)
{
    resume_run *r = ctx;
    nn_error e;
    if (s->epoch > 0)
        nn_optim_set_lr(r->ck.opt, nn_sched_step(&r->ck.sched, s->val_loss));
    if (r->path && s->epoch == r->save_at)
        cr_assert_eq(nn_checkpoint_save(r->net, &r->ck, r->path, &e), NN_OK, "%s",
                     e.msg);
    return 0;
}
/* <<helpers for the resume tests>> */
static void resume_train(resume_run *r, int extras, size_t epochs, uint64_t seed)
{
    nn_dataset fit, val;
    nn_augment aug = nn_augment_defaults();
    aug.transforms = NN_AUG_ALL, aug.shift = 1, aug.alpha = 2, aug.sigma = 1;
    resume_images(&fit, 60, 1), resume_images(&val, 20, 2);
    if (!r->ck.opt) {
        nn_optim_config oc = nn_optim_suggested(NN_OPTIM_ADAM);
        nn_sched_config sc = nn_sched_default(NN_SCHED_COSINE, oc.lr);
        sc.t_max = 4;
        cr_assert_eq(nn_sched_init(&r->ck.sched, &sc), NN_OK);
        cr_assert_eq(nn_optim_create(&r->ck.opt, &oc, nn_net_n_params(r->net)), NN_OK);
        r->ck.has_sched = 1;
    }
    nn_train_config cfg = nn_train_defaults();
    cfg.epochs = epochs, cfg.batch = 8, cfg.state = &r->ck.state;
    cfg.on_epoch = resume_on_epoch, cfg.ctx = r;
    cfg.augment = extras ? &aug : NULL, cfg.patience = extras ? 3 : 0;
    nn_rng order;
    nn_error e;
    nn_rng_seed(&order, seed, 1);
    cr_assert_eq(nn_train(r->net, r->ck.opt, &cfg, &fit, &val, &order, &e), NN_OK,
                 "%s", e.msg);
    nn_dataset_free(&fit), nn_dataset_free(&val);
}
/* <<helpers for the resume tests>> */
static void same_bits(const void *a, const void *b, size_t n, const char *what)
{
    cr_assert_eq(memcmp(a, b, n), 0, "the %s differ", what);
}

static void same_runs(resume_run *a, resume_run *b)
{
    size_t n, m;
    nn_real *pa = nn_net_params(a->net, &n), *pb = nn_net_params(b->net, &m);
    cr_assert_eq(n, m);
    same_bits(pa, pb, n * sizeof *pa, "parameters");
    pa = nn_net_state(a->net, &n), pb = nn_net_state(b->net, &m);
    same_bits(pa, pb, n * sizeof *pa, "states of the layers");
    pa = nn_optim_slots(a->ck.opt, &n), pb = nn_optim_slots(b->ck.opt, &m);
    cr_assert(n == m && n > 0);
    same_bits(pa, pb, n * sizeof *pa, "optimizer slots");
    cr_assert_eq(nn_optim_steps(a->ck.opt), nn_optim_steps(b->ck.opt));
    cr_assert_eq(nn_optim_lr(a->ck.opt), nn_optim_lr(b->ck.opt));
    const nn_schedule *sa = &a->ck.sched, *sb = &b->ck.sched;
    cr_assert(sa->t == sb->t && sa->bad == sb->bad && sa->cfg.kind == sb->cfg.kind
              && sa->cfg.t_max == sb->cfg.t_max, "the schedules differ");
    same_bits(&sa->lr, &sb->lr, sizeof sa->lr, "schedules' rates");
    cr_assert_eq(a->ck.state.epochs_done, 4);
    cr_assert_eq(b->ck.state.epochs_done, 4);
}
/* <<test that two epochs and two resumed equal four>> */
static void two_and_two_make_four(int extras)
{
    char path[] = "/tmp/nn-resume-XXXXXX", file[64];
    cr_assert_not_null(mkdtemp(path));
    snprintf(file, sizeof file, "%s/ck.nnm", path);
    resume_run whole = { resume_net(extras ? 0.25 : 0), { 0 }, NULL, 0 };
    resume_run first = { resume_net(extras ? 0.25 : 0), { 0 }, file, 2 };
    resume_run rest = { NULL, { 0 }, NULL, 0 };
    nn_error e;
    resume_train(&whole, extras, 4, 9);
    resume_train(&first, extras, 2, 9);
    cr_assert_eq(nn_checkpoint_load(&rest.net, &rest.ck, file, 8, &e), NN_OK, "%s",
                 e.msg);
    cr_assert_eq(rest.ck.state.epochs_done, 2);
    resume_train(&rest, extras, 4, 1234);   /* the state replaces this seed */
    same_runs(&whole, &rest);
    /* <<free the three runs of the resume test>> */
    resume_run *runs[] = { &whole, &first, &rest };
    for (int k = 0; k < 3; k++) {
        nn_net_free(runs[k]->net);
        nn_checkpoint_free(&runs[k]->ck);
    }
    unlink(file), rmdir(path);
}

Test(resume, two_epochs_and_two_resumed_equal_four_with_adam_and_cosine)
{
    two_and_two_make_four(0);
}

Test(resume, also_with_dropout_augmentation_and_early_stopping)
{
    two_and_two_make_four(1);
}
/* <<test that bad checkpoints and states are refused>> */
static void expect_refusal(const char *file, const char *says)
{
    nn_net *net;
    nn_checkpoint ck;
    nn_error e;
    cr_assert_eq(nn_checkpoint_load(&net, &ck, file, 8, &e), NN_EFORMAT);
    cr_assert_not_null(strstr(e.msg, says), "'%s' lacks '%s'", e.msg, says);
    cr_assert_not_null(strstr(e.msg, file), "%s", e.msg);
    cr_assert_null(net);
    cr_assert_null(ck.opt);
}
/* <<test that bad checkpoints and states are refused>> */
static void rewrite(const char *file, long cut, long flip)
{
    FILE *f = fopen(file, "rb");
    cr_assert_not_null(f);
    static unsigned char b[1 << 16];
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    if (flip >= 0)
        b[n - (size_t)flip] ^= 0x10;
    f = fopen(file, "wb");
    cr_assert_eq(fwrite(b, 1, n - (size_t)cut, f), n - (size_t)cut);
    fclose(f);
}
/* <<test that bad checkpoints and states are refused>> */
Test(resume, refuses_plain_models_damaged_sections_and_misfit_states)
{
    char dir[] = "/tmp/nn-resume-XXXXXX", file[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/ck.nnm", dir);
    resume_run run = { resume_net(0), { 0 }, file, 1 };
    nn_net *plain;
    nn_error e;
    resume_train(&run, 0, 1, 9);
    /* <<a checkpoint loads as a plain model>> */
    size_t n, m;
    cr_assert_eq(nn_model_load(&plain, file, 8, &e), NN_OK, "%s", e.msg);
    nn_real *a = nn_net_params(run.net, &n), *b = nn_net_params(plain, &m);
    cr_assert_eq(n, m);
    same_bits(a, b, n * sizeof *a, "parameters of the plain load");
    nn_net_free(plain);
    cr_assert_eq(nn_model_save(run.net, file, &e), NN_OK);
    expect_refusal(file, "a plain model, without the training state");
    cr_assert_eq(nn_checkpoint_save(run.net, &run.ck, file, &e), NN_OK);
    rewrite(file, 3, -1);
    expect_refusal(file, "truncated: the training state announces");
    cr_assert_eq(nn_model_load(&plain, file, 8, &e), NN_EFORMAT);
    cr_assert_eq(nn_checkpoint_save(run.net, &run.ck, file, &e), NN_OK);
    rewrite(file, 0, 40);
    expect_refusal(file, "checksum of the training state");
    /* <<a state that does not fit the training set is refused>> */
    nn_dataset small;
    nn_train_config cfg = nn_train_defaults();
    nn_rng order;
    resume_images(&small, 59, 1);
    cfg.epochs = 2, cfg.batch = 8, cfg.state = &run.ck.state;
    nn_rng_seed(&order, 1, 1);
    cr_assert_eq(nn_train(run.net, run.ck.opt, &cfg, &small, NULL, &order, &e),
                 NN_EINVAL);
    cr_assert_not_null(strstr(e.msg, "the state to resume"), "%s", e.msg);
    nn_dataset_free(&small);
    nn_net_free(run.net), nn_checkpoint_free(&run.ck);
    unlink(file), rmdir(dir);
}

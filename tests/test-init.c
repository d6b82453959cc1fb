/* Tangled from book/a1-230-init.nw by 'make tangle'. Edit the book, not this file. */
#include <math.h>
#include <string.h>
#include <criterion/criterion.h>
#include "nn.h"

enum { NI = 400, NO = 250, N = NI * NO };
static const nn_init all_kinds[NN_INIT_COUNT] = {
    NN_INIT_XAVIER_UNIFORM, NN_INIT_XAVIER_NORMAL, NN_INIT_HE_UNIFORM, NN_INIT_HE_NORMAL
};

/* <<test the standard deviations of the schemes>> */
Test(init, standard_deviations_follow_the_formulas)
{
    const double xavier = sqrt(2.0 / (NI + NO));
    cr_assert_float_eq(nn_init_std(NN_INIT_XAVIER_NORMAL, NI, NO), xavier, 1e-12);
    cr_assert_float_eq(nn_init_std(NN_INIT_XAVIER_UNIFORM, NI, NO), xavier, 1e-12);
    cr_assert_float_eq(nn_init_std(NN_INIT_HE_UNIFORM, NI, NO), sqrt(2.0 / NI), 1e-12);
    cr_assert_float_eq(nn_init_std(NN_INIT_HE_NORMAL, NI, NO), sqrt(2.0 / NI), 1e-12);
    cr_assert_eq(nn_init_for(NN_ACT_RELU), NN_INIT_HE_NORMAL);
    cr_assert_eq(nn_init_for(NN_ACT_TANH), NN_INIT_XAVIER_UNIFORM);
}
/* <<the moments of a drawn matrix>> */
typedef struct init_moments { double mean, var, largest, beyond2s; } init_moments;

static init_moments draw_moments(nn_init kind, uint64_t stream)
{
    static nn_real W[N];
    nn_rng r;
    nn_rng_seed(&r, 20261122, stream);
    nn_init_weights(kind, NI, NO, W, &r);
    double s = nn_init_std(kind, NI, NO), sum = 0, sum2 = 0;
    init_moments m = { 0, 0, 0, 0 };
    for (int i = 0; i < N; i++) {
        sum += W[i];
        sum2 += (double)W[i] * W[i];
        m.largest = fmax(m.largest, fabs((double)W[i]));
        m.beyond2s += fabs((double)W[i]) > 2 * s;
    }
    m.mean = sum / N;
    m.var = sum2 / N - m.mean * m.mean;
    m.beyond2s /= N;
    return m;
}
/* <<test the mean and variance of every scheme>> */
Test(init, mean_and_variance_within_five_sigma)
{
    for (int k = 0; k < NN_INIT_COUNT; k++) {
        nn_init kind = all_kinds[k];
        int uniform = kind == NN_INIT_XAVIER_UNIFORM || kind == NN_INIT_HE_UNIFORM;
        double s = nn_init_std(kind, NI, NO), kurt = uniform ? 1.8 : 3.0;
        init_moments m = draw_moments(kind, 9);
        double sd_mean = s / sqrt(N), sd_var = s * s * sqrt((kurt - 1) / N);
        cr_assert_lt(fabs(m.mean), 5 * sd_mean, "%s: mean %g, 5 sigma %g",
                     nn_init_name(kind), m.mean, 5 * sd_mean);
        cr_assert_lt(fabs(m.var - s * s), 5 * sd_var, "%s: variance %g, want %g +- %g",
                     nn_init_name(kind), m.var, s * s, 5 * sd_var);
    }
}
/* <<test the shape of the uniform and normal schemes>> */
Test(init, uniform_and_normal_have_their_shapes)
{
    const double p = erfc(2 / sqrt(2.0)), sd = sqrt(p * (1 - p) / N);
    for (int k = 0; k < NN_INIT_COUNT; k++) {
        nn_init kind = all_kinds[k];
        double a = sqrt(3.0) * nn_init_std(kind, NI, NO);
        init_moments m = draw_moments(kind, 10);
        if (kind == NN_INIT_XAVIER_UNIFORM || kind == NN_INIT_HE_UNIFORM) {
            cr_assert_leq(m.largest, a * (1 + 1e-6), "%s: %g > %g", nn_init_name(kind),
                          m.largest, a);
            cr_assert_geq(m.largest, 0.999 * a, "%s: %g", nn_init_name(kind),
                          m.largest);
            cr_assert_eq(m.beyond2s, 0, "%s", nn_init_name(kind));
        } else {
            cr_assert_lt(fabs(m.beyond2s - p), 5 * sd, "%s: %g beyond 2s, want %g",
                         nn_init_name(kind), m.beyond2s, p);
        }
    }
}
/* <<test that a seed fixes the weights>> */
Test(init, a_seed_fixes_the_weights)
{
    static nn_real A[N], B[N], C[N];
    for (int k = 0; k < NN_INIT_COUNT; k++) {
        nn_rng r;
        nn_rng_seed(&r, 7, 1);
        nn_init_weights(all_kinds[k], NI, NO, A, &r);
        nn_rng_seed(&r, 7, 1);
        nn_init_weights(all_kinds[k], NI, NO, B, &r);
        nn_rng_seed(&r, 7, 2);
        nn_init_weights(all_kinds[k], NI, NO, C, &r);
        cr_assert(memcmp(A, B, sizeof A) == 0, "%s", nn_init_name(all_kinds[k]));
        cr_assert(memcmp(A, C, sizeof A) != 0, "%s", nn_init_name(all_kinds[k]));
    }
}
/* <<test the names of the schemes>> */
Test(init, names_go_both_ways)
{
    for (int k = 0; k < NN_INIT_COUNT; k++) {
        nn_init got = NN_INIT_COUNT;
        cr_assert_eq(nn_init_parse(nn_init_name((nn_init)k), &got), NN_OK);
        cr_assert_eq(got, (nn_init)k);
    }
    nn_init keep = NN_INIT_HE_UNIFORM;
    cr_assert_eq(nn_init_parse("kaiming", &keep), NN_EINVAL);
    cr_assert_eq(nn_init_parse(NULL, &keep), NN_EINVAL);
    cr_assert_eq(keep, NN_INIT_HE_UNIFORM);
    cr_assert_str_eq(nn_init_name(NN_INIT_HE_NORMAL), "he_normal");
    cr_assert_str_eq(nn_init_name(NN_INIT_COUNT), "unknown");
}
/* <<test the names of the schemes>> */
Test(init, a_network_takes_the_scheme_it_is_given)
{
    size_t sizes[] = { 400, 300, 10 };
    nn_rng r;
    nn_rng_seed(&r, 5, 1);
    nn_net *net;
    cr_assert_eq(nn_net_mlp_init(&net, 3, sizes, nn_act_default(NN_ACT_TANH),
                                 NN_INIT_HE_NORMAL, 1, &r), NN_OK);
    const nn_layer *l = nn_net_layer(net, 0);
    size_t n = l->n_in * l->n_out;
    double sum2 = 0;
    for (size_t i = 0; i < n; i++)
        sum2 += (double)l->params[i] * l->params[i];
    double want = nn_init_std(NN_INIT_HE_NORMAL, 400, 300);
    cr_assert_float_eq(sqrt(sum2 / (double)n), want, 0.02 * want);
    for (size_t j = 0; j < l->n_out; j++)
        cr_assert_eq(l->params[n + j], 0);
    nn_net_free(net);
}

/* Tangled from book/a1-221-optimizers-mnist.nw by 'make tangle'. Edit the book, not this file. */
/* The helpers of the programs of section "The optimizers on MNIST". */
#include <math.h>
#include <criterion/criterion.h>
#include "optim-mnist.h"

/* <<optimizers on MNIST tests: every row of the list is a valid configuration>> */
Test(optim_mnist, every_row_is_valid)
{
    for (size_t k = 0; k < OM_OPTIMIZERS; k++) {
        nn_optim_config c = om_config(&om_optimizers[k]);
        const char *why = nn_optim_check(&c);
        cr_expect(why == NULL, "%s: %s", om_optimizers[k].label, why);
        cr_expect_eq(c.kind, om_optimizers[k].kind);
        cr_expect_eq(c.lr, nn_optim_suggested(c.kind).lr);
        cr_expect_eq(om_find(om_optimizers[k].label), k);
    }
}
/* <<optimizers on MNIST tests: the good range of a hand-made hill>> */
Test(optim_mnist, good_range_by_hand)
{
    const double lr[4] = { 1e-3, 1e-2, 1e-1, 1 }, acc[4] = { 0.5, 0.9, 0.95, 0.6 };
    const double flat[4] = { 0.95, 0.94, 0.5, 0.1 };
    double lo, hi;
    cr_expect_eq(om_good_range(4, lr, acc, 0.02, &lo, &hi), 2);
    cr_expect_float_eq(log10(lo), -1.4, 1e-12);
    cr_expect_float_eq(log10(hi), -1 + 0.02 / 0.35, 1e-12);
    cr_expect_eq(om_good_range(4, lr, flat, 0.02, &lo, &hi), 0);
    cr_expect_eq(lo, 1e-3);
    cr_expect_float_eq(log10(hi), -2 + 0.01 / 0.44, 1e-12);
}
/* <<optimizers on MNIST tests: the time to a target within an epoch>> */
Test(optim_mnist, time_to_target_by_hand)
{
    om_run r = { .epochs = 2 };
    r.st[0].val_acc = 0.1;
    r.st[1].val_acc = 0.5, r.st[1].seconds = 2;
    r.st[2].val_acc = 0.9, r.st[2].seconds = 3;
    cr_expect_float_eq(om_time_to(&r, 0.7), 3.5, 1e-12);
    cr_expect_float_eq(om_time_to(&r, 0.3), 1.0, 1e-12);
    cr_expect(isnan(om_time_to(&r, 0.95)));
}

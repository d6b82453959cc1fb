# Tangled from book/a2-270-best.nw by 'make tangle'. Edit the book, not this file.
# data: best-table
W = 12.5; H = 7.0
load "figures/style.gp"
f = data . "/best-table/best.dat"
set logscale x
set format x "$%g$"
set xlabel "seconds of training (mean over the seeds)"
set ylabel "test accuracy (\\%)" offset 1, 0
set xrange [2:2000]
set yrange [92:100]
unset key
plot f using 2:3:4 with yerrorbars ls 1, \
     f using 2:3:(sprintf("%d", $1)) with labels offset char 1.2, char 0.4 left

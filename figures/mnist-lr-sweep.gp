# Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file.
# data: mnist-lr-sweep
W = 14.5; H = 6.0
load "figures/style.gp"
d = data . "/mnist-lr-sweep/"
set multiplot layout 1, 2 margins 0.09, 0.99, 0.18, 0.97 spacing 0.11, 0
set logscale x
set format x "$10^{%T}$"
set xrange [0.0007:4.5]
set xlabel "learning rate $\\eta$" offset 0, 0.3
set logscale y
set format y "%g"
unset key
set ylabel "validation loss" offset 1, 0
plot d."sweep.dat" using 1:2 with linespoints ls 1
set ylabel "validation error (\\%)" offset 1, 0
plot d."sweep.dat" using 1:3 with linespoints ls 2
unset multiplot

# Tangled from book/a2-221-optimizers-mnist.nw by 'make tangle'. Edit the book, not this file.
# data: optim-lr-range
H = 7.0
load "figures/style.gp"
d = data . "/optim-lr-range/"
set logscale x
set format x "$10^{%L}$"
set xlabel "learning rate $\\eta$"; set ylabel "test accuracy (\\%)"
set yrange [0:100]; set ytics 20
set key at screen 0.5, 0.01 center bottom maxrows 1 width 4
set bmargin 5
plot for [k=2:4] d."range.dat" using 1:k with linespoints ls (k-1) \
     title columnheader(k)

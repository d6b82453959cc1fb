# Tangled from book/a2-221-optimizers-mnist.nw by 'make tangle'. Edit the book, not this file.
# data: optim-mnist
H = 8.0
load "figures/style.gp"
d = data . "/optim-mnist/"
load d."params.gp"
set style line 7 lc rgb "#000000" lw 1.5 dt (6, 3, 1, 3) pt 4 ps 0.55
set logscale y
set xlabel "epoch"; set ylabel "training loss (mean over the epoch)"
set xrange [1:*]; set xtics 1
set key at screen 0.5, 0.01 center bottom maxrows 2 width 3
set bmargin 7
plot for [k=2:n+1] d."losses.dat" using 1:k with linespoints ls (k-1) \
     title columnheader(k)

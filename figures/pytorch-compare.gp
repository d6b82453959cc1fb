# Tangled from book/a8-pytorch.nw by 'make tangle'. Edit the book, not this file.
# data: optim-mnist
H = 6.5
load "figures/style.gp"
d = data . "/pytorch-compare/losses.dat"
set logscale y
set xlabel "epoch"; set ylabel "training loss (mean over the epoch)"
set xrange [1:*]; set xtics 1
plot d using 1:2 with linespoints ls 1 title "this library", \
     d using 1:3 with linespoints ls 2 title "PyTorch"

# Tangled from book/a2-260-residual.nw by 'make tangle'. Edit the book, not this file.
# data: residual-deep
H = 6.5
load "figures/style.gp"
f = data . "/residual-deep/loss.dat"
set logscale y
set xlabel "epoch"; set ylabel "training loss"
set xrange [0:*]; set xtics 0.5
set key top right
plot f using 1:2 with linespoints ls 2 title "plain", \
     f using 1:3 with linespoints ls 1 title "residual"

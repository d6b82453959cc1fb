# Tangled from book/a2-260-residual.nw by 'make tangle'. Edit the book, not this file.
# data: residual-deep
W = 14.5; H = 6.5
load "figures/style.gp"
f = data . "/residual-deep/grads.dat"
set logscale y
set format y "$10^{%T}$"
set yrange [*:*]
set xrange [1:32]; set xtics 1, 5
set xlabel "dense layer $l$"
set multiplot layout 1, 2 margins 0.13, 0.99, 0.2, 0.92 spacing 0.09, 0
set title "plain" offset 0, -0.6
set ylabel "$\\|\\mathit{dW}^{(l)}\\|$" offset 0.5, 0
set key bottom right nobox samplen 2
plot f using 1:2 with linespoints ls 3 title "initialisation", \
     f using 1:3 with linespoints ls 4 title "after one epoch"
set title "residual" offset 0, -0.6
unset ylabel
unset key
plot f using 1:4 with linespoints ls 3, f using 1:5 with linespoints ls 4
unset multiplot

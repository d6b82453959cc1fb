# Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file.
# data: mnist-softmax
W = 14.5; H = 6.5
load "figures/style.gp"
d = data . "/mnist-softmax/"
set multiplot layout 1, 2 margins 0.09, 0.99, 0.17, 0.97 spacing 0.11, 0
set xlabel "epoch" offset 0, 0.4
set xrange [0:*]
set logscale y
set format y "%g"
set key top right
set ylabel "loss" offset 1, 0
plot d."epochs.dat" using ($1 - 0.5):2 with linespoints ls 1 title "training", \
     ""             using 1:4 with linespoints ls 2 title "validation"
set ylabel "error (\\%)" offset 1, 0
plot d."epochs.dat" using ($1 - 0.5):(100 * (1 - $3)) with linespoints ls 1 \
                    title "training", \
     ""             using 1:(100 * (1 - $5)) with linespoints ls 2 title "validation"
unset multiplot

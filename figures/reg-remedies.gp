# Tangled from book/a2-240-regularization.nw by 'make tangle'. Edit the book, not this file.
# data: reg-remedies
H = 7.0
load "figures/style.gp"
d = data . "/reg-remedies/"
set multiplot layout 1, 2
set bmargin 5.5
set xlabel "epoch"
set key at screen 0.5, 0.01 center bottom maxrows 1 width 1
first(x) = column(1) > 0 ? x : NaN
set ylabel "validation loss" offset 1, 0
set xrange [0:*]; set yrange [0.25:0.8]
plot d."none.dat" using 1:(first($4)) with lines ls 1 title "none", \
     d."l2.dat" using 1:(first($4)) with lines ls 2 title "$L_2$", \
     d."l1.dat" using 1:(first($4)) with lines ls 3 title "$L_1$", \
     d."dropout.dat" using 1:(first($4)) with lines ls 4 title "dropout"
unset key
set ylabel "validation accuracy (\\%)" offset 1, 0
set yrange [84:93]
plot d."none.dat" using 1:(first(100 * $5)) with lines ls 1, \
     d."l2.dat" using 1:(first(100 * $5)) with lines ls 2, \
     d."l1.dat" using 1:(first(100 * $5)) with lines ls 3, \
     d."dropout.dat" using 1:(first(100 * $5)) with lines ls 4
unset multiplot

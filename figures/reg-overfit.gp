# Tangled from book/a2-240-regularization.nw by 'make tangle'. Edit the book, not this file.
# data: reg-remedies
H = 6.5
load "figures/style.gp"
d = data . "/reg-remedies/"
set multiplot layout 1, 2
set bmargin 5.5
set xlabel "epoch"
set key at screen 0.5, 0.01 center bottom maxrows 1 width 2
first(x) = column(1) > 0 ? x : NaN      # epoch 0 is the untrained network
set ylabel "loss" offset 1, 0
set xrange [0:*]; set yrange [0:1]
plot d."none.dat" using ($1 - 0.5):(first($2)) with lines ls 1 title "training", \
     "" using 1:(first($4)) with lines ls 2 title "validation"
unset key
set ylabel "accuracy (\\%)" offset 1, 0
set yrange [80:100.5]
plot d."none.dat" using ($1 - 0.5):(first(100 * $3)) with lines ls 1, \
     "" using 1:(first(100 * $5)) with lines ls 2
unset multiplot

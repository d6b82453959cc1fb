# Tangled from book/a2-210-judging.nw by 'make tangle'. Edit the book, not this file.
# data: judging-baselines
# data: judging-fitting
H = 7.0
load "figures/style.gp"
set multiplot layout 1, 2
set bmargin 5.5
set xlabel "epoch"
set ylabel "loss" offset 1, 0
set key at screen 0.5, 0.01 center bottom maxrows 1 width 2
set title "linear classifier, all images" offset 0, -0.5
set xrange [0:*]; set yrange [0:1]
first(x) = column(1) > 0 ? x : NaN      # epoch 0 is the untrained network
plot data."/judging-baselines/linear.dat" using ($1 - 0.5):2 with linespoints ls 1 \
       title "training", \
     "" using 1:(first($4)) with linespoints ls 2 title "validation"
load data."/judging-fitting/params.gp"
set title sprintf("784--%d--10, %d images", hidden, n) offset 0, -0.5
unset key
plot data."/judging-fitting/over.dat" using ($1 - 0.5):2 with lines ls 1, \
     "" using 1:(first($4)) with lines ls 2
unset multiplot

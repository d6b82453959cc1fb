# Tangled from book/a2-221-optimizers-mnist.nw by 'make tangle'. Edit the book, not this file.
# data: optim-batch
W = 13.5; H = 6.5
load "figures/style.gp"
d = data . "/optim-batch/batch.dat"
set multiplot layout 1,2 margins 0.09,0.99,0.17,0.9 spacing 0.1,0
set logscale x 2
set xlabel "batch size $B$"; set xtics (16, 64, 256, 1024)
set title "test accuracy (\\%)" offset 0,-0.6
set yrange [60:100]
set key bottom left
plot d using 1:3 with linespoints ls 1 title "$\\eta \\propto B$", \
     d using 1:6 with linespoints ls 2 title "$\\eta$ fixed"
set title "time to the target, relative" offset 0,-0.6
set yrange [0:*]; set autoscale ymax
unset key
plot d using 1:4 with linespoints ls 1, d using 1:7 with linespoints ls 2
unset multiplot

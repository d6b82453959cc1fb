# Tangled from book/a2-250-batchnorm.nw by 'make tangle'. Edit the book, not this file.
# data: bn-lr
W = 14.5; H = 6.0
load "figures/style.gp"
f = data . "/bn-lr/lr.dat"
set multiplot layout 1, 2 margins 0.09, 0.99, 0.17, 0.92 spacing 0.09, 0
set logscale x
set format x "$%g$"
set xlabel "learning rate" offset 0, 0.5
set tics scale 0.4
set yrange [0:100]
set title "after the last epoch" offset 0, -0.6
set ylabel "test accuracy (\\%)" offset 1, 0
set key at graph 0.03, 0.06 left bottom Left reverse nobox samplen 2
plot f using 1:3 with linespoints ls 1 title "without", \
     f using 1:5 with linespoints ls 2 title "batch normalization", \
     f using 1:7 with linespoints ls 3 title "layer normalization"
set title "after the first epoch" offset 0, -0.6
set ylabel "validation accuracy (\\%)" offset 1, 0
unset key
plot f using 1:2 with linespoints ls 1, f using 1:4 with linespoints ls 2, \
     f using 1:6 with linespoints ls 3
unset multiplot

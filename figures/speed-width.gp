# Tangled from book/a2-320-speed.nw by 'make tangle'. Edit the book, not this file.
# data: speed-width
load "figures/style.gp"
set xlabel "hidden width $h$"
set ylabel "seconds per epoch"
set logscale xy
set xrange [20:2000]
set key top left
plot data."/speed-width/width.dat" using 1:2 with linespoints ls 1 title "measured", \
     "" using 1:3 with lines ls 3 dt 2 title "constant rate"

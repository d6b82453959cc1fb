# Tangled from book/a2-320-speed.nw by 'make tangle'. Edit the book, not this file.
# data: speed-batch
load "figures/style.gp"
set xlabel "batch size"
set ylabel "seconds per epoch"
set logscale x 2
set logscale y
set xrange [12:680]
set key top right
plot data."/speed-batch/batch.dat" using 1:2 with linespoints ls 1 title "1 thread", \
     "" using 1:3 with linespoints ls 2 title "2 threads"

# Tangled from book/a2-130-losses.nw by 'make tangle'. Edit the book, not this file.
# data: loss-classification
H = 6.0
load "figures/style.gp"
d = data . "/loss-classification/"
set xlabel "step"; set ylabel "output $y$"
set xrange [0:200]; set yrange [0:1]
set key bottom right
plot d."learning.dat" using 1:3 with lines ls 1 title "cross-entropy", \
     ""               using 1:2 with lines ls 2 title "squared error"

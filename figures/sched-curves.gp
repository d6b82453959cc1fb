# Tangled from book/a2-222-schedules.nw by 'make tangle'. Edit the book, not this file.
# data: sched-curves
W = 12.5; H = 6.0
load "figures/style.gp"
d = data . "/sched-curves/curves.dat"
set xlabel "epoch $t$" offset 0, 0.3
set ylabel "learning rate $\\eta_t$" offset -0.5, 0
set xrange [0:*]
set yrange [0:*]
set offsets 0, 0, graph 0.35, 0                 # room above for the key
set key top right width 2
plot d using 1:2 with steps ls 1 title "step", \
     d using 1:3 with linespoints ls 2 title "exponential", \
     d using 1:4 with linespoints ls 3 title "cosine", \
     d using 1:5 with linespoints ls 4 title "warm-up + cosine"

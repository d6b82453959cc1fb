# Tangled from book/a2-110-activations.nw by 'make tangle'. Edit the book, not this file.
# data: act-learning
H = 7.0
load "figures/style.gp"
d = data . "/act-learning/"
set logscale y; set format y "$10^{%T}$"
set xlabel "step"; set ylabel "loss"
set xrange [0:*]; set yrange [1e-8:1e3]
set key at screen 0.5, 0.01 center bottom maxrows 2 width 1
set bmargin 6.5
plot d."relu-loss.dat" using 1:2 with lines ls 2 title "ReLU, dead start", \
     ""                using 1:3 with lines ls 1 title "leaky ReLU, dead start", \
     ""                using 1:4 with lines ls 3 title "ELU, dead start", \
     ""                using 1:5 with lines ls 9 dt 3 title "ReLU, alive start", \
     d."revive.dat"    using 1:2 with points ls 9 pt 7 ps 0.8 notitle

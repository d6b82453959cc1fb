# Tangled from book/a2-210-judging.nw by 'make tangle'. Edit the book, not this file.
# data: judging-lr
H = 7.5
load "figures/style.gp"
d = data . "/judging-lr/"
load d."params.gp"
set logscale y
set xlabel "step"; set ylabel "loss"
set xrange [0:*]; set yrange [0.15:4]
set ytics (0.2, 0.3, 0.5, 1, 2, 3)
set key at screen 0.5, 0.01 center bottom maxrows 1 width 1
set bmargin 5
set arrow from graph 0, first log(10) to graph 1, first log(10) nohead \
    dt 3 lc rgb "#888888"
set label "$\\ln 10$" at graph 1, first log(10) offset 1, 0
set rmargin 7
e(x) = sprintf("$\\eta=%g$", x)
plot d."lr.dat" using 1:2 with linespoints ls 1 title e(eta1), \
     ""         using 1:3 with lines ls 1 lw 1 notitle, \
     ""         using 1:4 with linespoints ls 2 title e(eta2), \
     ""         using 1:5 with lines ls 2 lw 1 notitle, \
     ""         using 1:6 with linespoints ls 3 title e(eta3), \
     ""         using 1:7 with lines ls 3 lw 1 notitle

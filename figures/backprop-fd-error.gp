# Tangled from book/a2-140-backprop.nw by 'make tangle'. Edit the book, not this file.
# data: backprop-fd-error
load "figures/style.gp"
d = data . "/backprop-fd-error/"
set logscale xy
set format x "$10^{%T}$"; set format y "$10^{%T}$"
set xrange [1e-12:1]; set yrange [1e-13:10]
set xtics 100; set ytics 1000
set xlabel "step $h$"; set ylabel "relative error"
set key at screen 0.5, 0.01 center bottom maxrows 2 width 1
set bmargin 6.5
plot d."error.dat" using 1:2 with lines ls 1 title "$\\tanh$, double", \
     ""            using 1:3 with lines ls 2 title "$\\tanh$, single", \
     "" using 1:4 with linespoints ls 3 title "network, single"

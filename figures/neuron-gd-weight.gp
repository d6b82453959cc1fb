# Tangled from book/a2-100-neuron.nw by 'make tangle'. Edit the book, not this file.
# data: neuron-gradient-descent
H = 6.0
load "figures/style.gp"
d = data . "/neuron-gradient-descent/"
load d."params.gp"
set xrange [0:30]; set yrange [-3:6]
set xlabel "step"; set ylabel "$w$"
set key at screen 0.5, 0.01 center bottom maxrows 1
set bmargin 5
e(x) = sprintf("$\\eta=%.3g$", x)
plot lsw with lines ls 9 dt 2 lw 1.5 title "$w^\\star$", \
     d."weight.dat" using 1:2 with lines ls 1 title e(eta1), \
     ""             using 1:3 with lines ls 3 title e(eta2), \
     ""             using 1:4 with linespoints ls 5 title e(eta3), \
     ""             using 1:5 with linespoints ls 2 title e(eta4)

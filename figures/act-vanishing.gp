# Tangled from book/a2-110-activations.nw by 'make tangle'. Edit the book, not this file.
# data: act-vanishing
W = 15.0; H = 7.5
load "figures/style.gp"
d = data . "/act-vanishing/"
set multiplot layout 1,2 margins 0.1,0.99,0.14,0.97 spacing 0.13,0
set logscale y; set format y "$10^{%T}$"
set xlabel "$x$"; set ylabel "$(\\sigma^k)'(x)$"
set xrange [-8:8]; set yrange [1e-10:1]; set xtics 4; set ytics 100
set key bottom center maxrows 2 width 2 samplen 1.5
plot for [k=1:5] d."grid.dat" using 1:(column(k + 1)) with lines ls k \
     title sprintf("$k=%d$", k)
set xlabel "layers $k$"; set ylabel "derivative at $x=1$" offset 0.5,0
set xrange [1:20]; set yrange [1e-14:10]; set xtics 5; set ytics 1e4
set key bottom left maxrows 4 width 2
plot d."depth.dat" using 1:4 with linespoints ls 3 title "ReLU", \
     ""            using 1:3 with linespoints ls 2 title "tanh", \
     ""            using 1:2 with linespoints ls 1 title "sigmoid", \
     4**(-x) with lines ls 9 dt 2 title "$4^{-k}$"
unset multiplot

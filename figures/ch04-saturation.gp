# Tangled from book/04-losses.nw by 'make tangle'. Edit the book, not this file.
# data: ch04-classification
H = 7.0
load "figures/style.gp"
d = data . "/ch04-classification/"
set multiplot
set size 0.5, 0.86; set origin 0, 0.14
set xlabel "output $y$ for the correct class"
set ylabel "$|\\partial\\ell/\\partial z|$"
set xrange [0:1]; set yrange [0:1.05]; set xtics 0.25
unset key
plot d."gradient.dat" using 1:3 with lines ls 1, "" using 1:2 with lines ls 2, \
     ""               every 40 using 1:4 with points ls 9 pt 6
set origin 0.5, 0.14
set logscale xy; set format x "$10^{%T}$"; set format y "$10^{%T}$"
set xrange [1e-6:1]; set yrange [1e-6:3]; set xtics 100
set ylabel ""
replot
# <<draw the saturation figure's key as a plot of its own below the panels>>
set size 1, 0.14; set origin 0, 0
unset logscale; unset xlabel; unset ylabel; unset tics; unset border
set xrange [0:1]; set yrange [0:1]
set key center center horizontal maxrows 1 width 1
plot NaN with lines ls 1 title "cross-entropy", \
     NaN with lines ls 2 title "sigmoid with squared error", \
     NaN with points ls 9 pt 6 title "softmax, $C=2$"
unset multiplot

# Tangled from book/a2-130-losses.nw by 'make tangle'. Edit the book, not this file.
# data: loss-classification
H = 6.0
load "figures/style.gp"
d = data . "/loss-classification/"
set multiplot layout 1,2
set xlabel "output $y$ for the correct class"
set ylabel "$|\\partial\\ell/\\partial z|$"
set xrange [0:1]; set yrange [0:1.05]; set xtics 0.25
unset key
set label 1 "cross-entropy" at 0.5, 0.62 left
set label 2 "squared error" at 0.45, 0.07 center
plot d."gradient.dat" using 1:3 with lines ls 1, "" using 1:2 with lines ls 2, \
     ""               every 40 using 1:4 with points ls 9 pt 6
# <<draw the saturation figure's logarithmic panel>>
set logscale xy; set format x "$10^{%T}$"; set format y "$10^{%T}$"
set xrange [1e-6:1]; set yrange [1e-6:3]; set xtics 100
set ylabel ""
set label 1 "cross-entropy" at 1e-5, 0.3 left
set label 2 "squared error" at 2e-4, 1e-5 left
replot
unset multiplot

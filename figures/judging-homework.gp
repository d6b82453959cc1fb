# Tangled from book/a2-210-judging.nw by 'make tangle'. Edit the book, not this file.
# data: judging-homework
H = 7.5
load "figures/style.gp"
d = data . "/judging-homework/"
load d."params.gp"
set multiplot layout 1, 2
set bmargin 6
set xlabel "epoch"; set xrange [0:10]
set key at screen 0.5, 0.01 center bottom maxrows 1 width 1
set logscale y; set format y "%g"; set yrange [*:1]
set ylabel "training loss" offset 1, 0
plot d."hwA.dat" using ($1 - 0.5):2 with linespoints ls 1 title "recipe", \
     d."hwB.dat" using ($1 - 0.5):2 with linespoints ls 2 \
       title sprintf("$\\eta=%g$", lrB), \
     d."hwC.dat" using ($1 - 0.5):2 with linespoints ls 3 \
       title sprintf("$\\mu=%g$", muC), \
     d."hwD.dat" using ($1 - 0.5):2 with linespoints ls 4 title "standardised"
unset logscale y; unset key
set ylabel "validation accuracy (\\%)"
set yrange [90:100]
plot for [r in "A B C D"] d."hw".r.".dat" using 1:(100 * $5) with linespoints \
     ls (r eq "A" ? 1 : r eq "B" ? 2 : r eq "C" ? 3 : 4)
unset multiplot

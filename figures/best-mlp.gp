# Tangled from book/a2-270-best.nw by 'make tangle'. Edit the book, not this file.
# data: best-table
W = 14.5; H = 6.0
load "figures/style.gp"
f = data . "/best-table/best.dat"
set multiplot layout 1, 2 margins 0.08, 0.99, 0.17, 0.92 spacing 0.09, 0
set xrange [0.4:9.6]
set xtics 1 scale 0
set xlabel "row of the table" offset 0, 0.5
set logscale y
set format y "$%g$"
set style fill solid 0.5 noborder
set boxwidth 0.6
unset key
set title "test error (\\%), mean and spread" offset 0, -0.6
set yrange [0.5:10]
set ytics ("$0.5$" 0.5, "$1$" 1, "$2$" 2, "$5$" 5, "$10$" 10)
plot f using 1:(100 - $3):4 with yerrorbars ls 1, \
     f using 1:(100 - $3) with points ls 1
set title "seconds of training" offset 0, -0.6
set yrange [3:1000]
set ytics auto
plot f using 1:2 with boxes ls 2
unset multiplot

# Tangled from book/a2-130-losses.nw by 'make tangle'. Edit the book, not this file.
# data: loss-regression
H = 6.0
load "figures/style.gp"
d = data . "/loss-regression/"
set multiplot layout 1,2
set xrange [-3:3]; set xtics 1
set xlabel "residual $d$"
set ylabel "term of the loss"; set yrange [0:4.5]
unset key
plot d."residual.dat" using 1:2 with lines ls 1, "" using 1:3 with lines ls 2, \
     ""               using 1:4 with lines ls 3
set ylabel "derivative"; set yrange [-3.2:3.2]
set key top left Left reverse width 0
plot d."residual.dat" using 1:5 with lines ls 1 title "squared", \
     ""               using 1:6 with lines ls 2 title "absolute", \
     ""               using 1:7 with lines ls 3 title "Huber"
unset multiplot

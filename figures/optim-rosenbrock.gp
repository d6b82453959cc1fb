# Tangled from book/a2-220-optimizers.nw by 'make tangle'. Edit the book, not this file.
# data: optim-paths
H = 6.5
d = data . "/optim-paths/"; S = "rosenbrock"
xmin = -2; xmax = 2; ymin = -1; ymax = 3; every_k = 100
set cntrparam levels incremental -1.5, 0.5, 3.5
# <<draw the optimizers' paths over a surface's contours>>
load "figures/style.gp"
if (exists("open_adagrad")) set style line 4 lc rgb "#CC79A7" lw 2.5 dt 5 pt 10 ps 1.3
load d.S."-params.gp"
set contour base; unset surface; set view map
set table $levels
splot d.S."-grid.dat" using 1:2:3 with lines notitle
unset table
unset contour
set xrange [xmin:xmax]; set yrange [ymin:ymax]
set xlabel "$x$"; set ylabel "$y$"
set key outside right top Left reverse samplen 2 width 3
names = "SGD momentum Nesterov AdaGrad RMSProp Adam"
plot $levels using 1:2 with lines lc rgb "#BBBBBB" lw 0.8 notitle, \
     for [k=1:6] d.S.".dat" using (column(2*k)):(column(2*k+1)) \
         with linespoints ls k lw 1.5 pi every_k title word(names, k), \
     for [k=1:6] d.S.".dat" every ::last::last using (column(2*k)):(column(2*k+1)) \
         with points ls k ps 1.4 notitle, \
     d.S.".dat" every ::0::0 using 2:3 with points pt 7 ps 0.8 lc rgb "#000000" \
         notitle

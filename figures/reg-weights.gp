# Tangled from book/a2-240-regularization.nw by 'make tangle'. Edit the book, not this file.
# data: reg-remedies
H = 6.5
load "figures/style.gp"
d = data . "/reg-remedies/"
set xlabel "weight of the first layer"
set ylabel "fraction of the weights" offset 1, 0
set logscale y
set format y "$10^{%T}$"
set xrange [-0.2:0.2]; set yrange [1e-5:1]
set key top right
plot d."weights.dat" using 1:($2 > 0 ? $2 : NaN) with steps ls 1 title "none", \
     "" using 1:($4 > 0 ? $4 : NaN) with steps ls 2 title "$L_2$", \
     "" using 1:($3 > 0 ? $3 : NaN) with steps ls 3 title "$L_1$"

# Tangled from book/a2-230-init.nw by 'make tangle'. Edit the book, not this file.
# data: init-symmetry
W = 14.5; H = 6.0
load "figures/style.gp"
d = data . "/init-symmetry/symmetry.dat"
set xlabel "step" offset 0, 0.5
set tics scale 0.4
set key top left nobox samplen 2 spacing 1
set multiplot layout 1, 2 margins 0.1, 0.99, 0.16, 0.97 spacing 0.12, 0
set ylabel "weight $W^{(1)}_{1j}$" offset -0.5, 0
plot for [j=0:3] d using 1:($2 == 0 ? column(4 + j) : NaN) with lines ls 1 \
       title (j == 0 ? "equal start" : ""), \
     for [j=0:3] d using 1:($2 == 1 ? column(4 + j) : NaN) with lines ls 2 \
       title (j == 0 ? "random start" : "")
set key center right
set ylabel "training loss" offset 0.5, 0
plot d using 1:($2 == 0 ? $3 : NaN) with lines ls 1 title "equal start", \
     d using 1:($2 == 1 ? $3 : NaN) with lines ls 2 title "random start"
unset multiplot

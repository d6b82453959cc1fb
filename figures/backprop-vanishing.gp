# Tangled from book/a2-140-backprop.nw by 'make tangle'. Edit the book, not this file.
# data: backprop-vanishing
W = 14.5; H = 7.0
load "figures/style.gp"
d = data . "/backprop-vanishing/"
set logscale y
set format y "$10^{%T}$"
set xrange [1:20]; set xtics 1, 3
set xlabel "layer $l$" offset 0, 0.5
set tics scale 0.4
set key bottom right nobox samplen 2 spacing 1
set multiplot layout 1, 2 margins 0.12, 0.99, 0.14, 0.92 spacing 0.09, 0
set title "standard initialisation" offset 0, -0.6
set ylabel "$\\|\\mathit{dZ}^{(l)}\\|$" offset 1.5, 0
plot d."norms.dat" using 1:2 with linespoints ls 1 title "sigmoid, Xavier", \
     ""            using 1:3 with linespoints ls 2 title "$\\tanh$, Xavier", \
     ""            using 1:4 with linespoints ls 3 title "ReLU, He"
set title "ReLU, three weight scales" offset 0, -0.6
unset ylabel
set yrange [1e-7:1e3]
set key bottom right
plot d."norms.dat" using 1:5 with linespoints ls 4 title "$s^2=1/n$ (Xavier)", \
     ""            using 1:4 with linespoints ls 3 title "$s^2=2/n$ (He)", \
     ""            using 1:6 with linespoints ls 5 title "$s^2=4/n$"
unset multiplot

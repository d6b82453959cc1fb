# Tangled from book/a2-120-mlp.nw by 'make tangle'. Edit the book, not this file.
# data: mlp-capacity
W = 14.5; H = 9.0
load "figures/style.gp"
d = data . "/mlp-capacity/"
unset key
set xrange [-2:2]; set yrange [-3:3]
set xtics 1; set ytics 1
set tics scale 0.4
n(w) = w == 1 ? "1 hidden unit" : sprintf("%d hidden units", w)
set multiplot layout 2, 2 margins 0.07, 0.99, 0.08, 0.94 spacing 0.06, 0.12
do for [k = 1:4] {
    set title n(int(word("1 3 10 50", k))) offset 0, -0.6
    plot d."fits.dat" using 1:2 with lines lc rgb "#999999" lw 1.5 dt 1, \
         d."fits.dat" using 1:(column(k + 2)) with lines ls 1, \
         d."train.dat" using 1:2 with points ls 9 pt 7 ps 0.5
}
unset multiplot

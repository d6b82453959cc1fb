# Tangled from book/a2-120-mlp.nw by 'make tangle'. Edit the book, not this file.
# data: mlp-capacity
W = 14.5; H = 9.0
load "figures/style.gp"
d = data . "/mlp-capacity/"
load d."params.gp"
set logscale xy
set format x "$10^{%T}$"; set format y "$10^{%T}$"
set xrange [1:*]; set yrange [0.01:3]
set tics scale 0.4
set key bottom left nobox samplen 2 spacing 1
n(w) = w == 1 ? "1 hidden unit" : sprintf("%d hidden units", w)
set multiplot layout 2, 2 margins 0.09, 0.99, 0.1, 0.94 spacing 0.06, 0.13
do for [k = 1:4] {
    set title n(int(word("1 3 10 50", k))) offset 0, -0.6
    if (k > 2) { set xlabel "epoch" offset 0, 0.5 } else { unset xlabel }
    if (k == 1) { set key } else { unset key }
    plot d."errors.dat" using 1:(column(2 * k)) with lines ls 1 title "training", \
         "" using 1:(column(2 * k + 1)) with lines ls 2 title "validation", \
         noise with lines ls 9 dt 3 lw 1 title "$\\sigma^2$"
}
unset multiplot

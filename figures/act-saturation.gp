# Tangled from book/a2-110-activations.nw by 'make tangle'. Edit the book, not this file.
# data: act-learning
H = 6.5
load "figures/style.gp"
d = data . "/act-learning/"
set logscale y; set format y "$10^{%T}$"
set xlabel "step"; set ylabel "loss"
set xrange [0:*]; set yrange [1e-6:1]
set key top right width 2
load d."params.gp"
plot d."sigmoid-loss.dat" using 1:2 with lines ls 1 \
         title sprintf("start $b=%g$", fresh_b), \
     ""                   using 1:3 with lines ls 2 \
         title sprintf("start $b=%g$ (saturated)", sat_b)

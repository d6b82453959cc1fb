# Tangled from book/a2-100-neuron.nw by 'make tangle'. Edit the book, not this file.
# data: neuron-gradient-descent
load "figures/style.gp"
d = data . "/neuron-gradient-descent/"
load d."params.gp"
set logscale y; set format y "$10^{%T}$"
set yrange [1e-9:1e6]
set xlabel "step"; set ylabel "$|\\mathcal{L} - \\mathcal{L}^\\star|$"
set key at screen 0.5, 0.01 center bottom maxrows 2 width 2
set bmargin 6.5
t(e, what) = sprintf("$\\eta=%.3g$ (%s)", e, what)
plot d."loss.dat" using 1:(abs($2)) with lines ls 1 title t(eta1, "too small"), \
     ""           using 1:(abs($3)) with lines ls 3 \
                  title t(eta2, "$1/\\lambda_{\\max}$"), \
     ""           using 1:(abs($4)) with lines ls 5 title t(eta3, "oscillates"), \
     ""           using 1:(abs($5)) with lines ls 2 title t(eta4, "diverges")

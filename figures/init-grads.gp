# Tangled from book/a2-230-init.nw by 'make tangle'. Edit the book, not this file.
# data: init-layers
W = 14.5; H = 6.5
load "figures/style.gp"
f = data . "/init-layers/grads.dat"
ylab = "$\\|\\mathit{dW}^{(l)}\\|$"
keypanel = 1; keypos = "at graph 0.03, 0.47 left top Left reverse nobox samplen 2"
# <<plot eight stacks in two panels>>
set logscale y
set format y "$10^{%T}$"
set xrange [1:10]; set xtics 1, 1
set xlabel "layer $l$" offset 0, 0.5
set tics scale 0.4
set multiplot layout 1, 2 margins 0.13, 0.99, 0.16, 0.92 spacing 0.09, 0
array names[4] = ["small", "large", "Xavier", "He"]
set title "$\\tanh$" offset 0, -0.6
set ylabel ylab offset -1, 0
if (keypanel == 1) { set key @keypos } else { unset key }
plot for [s=1:4] f using 1:(column(1 + s)) with linespoints ls s title names[s]
set title "ReLU" offset 0, -0.6
unset ylabel
if (keypanel == 2) { set key @keypos } else { unset key }
plot for [s=1:4] f using 1:(column(5 + s)) with linespoints ls s title names[s]
unset multiplot

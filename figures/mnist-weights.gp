# Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file.
# data: mnist-softmax
W = 12.5; H = 6.5
load "figures/style.gp"
d = data . "/mnist-softmax/"
unset border; unset tics; unset key; unset colorbox
set lmargin 0; set rmargin 0; set tmargin 0.2; set bmargin 0.2
set size ratio -1
set yrange [*:*] reverse
set palette defined (-1 "#2166ac", 0 "white", 1 "#b2182b")
set cbrange [-1:1]
plot d."weights.dat" matrix with image

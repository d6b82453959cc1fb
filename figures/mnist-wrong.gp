# Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file.
# data: mnist-softmax
W = 12.5; H = 5.3
load "figures/style.gp"
d = data . "/mnist-softmax/"
unset border; unset tics; unset key; unset colorbox
set lmargin 0; set rmargin 0; set tmargin 0.2; set bmargin 0.2
set size ratio -1
set yrange [*:*] reverse
set palette defined (0 "white", 255 "black")
set cbrange [0:255]
plot d."wrong.dat" matrix with image, \
     d."wrong-labels.dat" using 1:2:3 with labels font ",8"

# Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file.
# data: mnist-digits
W = 11.5; H = 10.0
load "figures/style.gp"
d = data . "/mnist-digits/"
unset border; unset tics; unset key; unset colorbox
set lmargin 0; set rmargin 0; set tmargin 0.3; set bmargin 0.3
set size ratio -1
set yrange [*:*] reverse
set palette defined (0 "white", 255 "black")
set cbrange [0:255]
plot d."digits.dat" matrix with image

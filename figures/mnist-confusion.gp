# Tangled from book/a2-200-learning.nw by 'make tangle'. Edit the book, not this file.
# data: mnist-softmax
W = 8.5; H = 8.0
load "figures/style.gp"
d = data . "/mnist-softmax/"
set size ratio -1
set xrange [-0.5:9.5]; set yrange [9.5:-0.5]
set xtics 0, 1, 9 scale 0; set ytics 0, 1, 9 scale 0
set xlabel "predicted digit"; set ylabel "true digit" offset -0.5, 0
unset key; unset colorbox
set palette defined (0 "white", 1 "#fdd49e", 2 "#ef6548", 3 "#990000")
set cbrange [0:*]
plot d."confusion.dat" matrix using 1:2:($1 == $2 ? 0 : sqrt($3)) with image, \
     ""                matrix using 1:2:(sprintf('\\scriptsize %d', $3)) with labels

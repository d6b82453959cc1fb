# Tangled from book/a2-100-neuron.nw by 'make tangle'. Edit the book, not this file.
# data: neuron-perceptron
H = 6.0
load "figures/style.gp"
d = data . "/neuron-perceptron/"
set xlabel "epoch"; set ylabel "mistakes in the epoch"
set xrange [0.5:*]; set yrange [0:*]
set key top right
plot d."mistakes-separable.dat" using 1:2 with linespoints ls 1 title "separable", \
     d."mistakes-xor.dat" using 1:2 with linespoints ls 2 title "XOR"

# Tangled from book/a2-100-neuron.nw by 'make tangle'. Edit the book, not this file.
# data: neuron-perceptron
H = 8.5; W = 10.5
load "figures/style.gp"
d = data . "/neuron-perceptron/"
load d."params.gp"
set size ratio -1
set xrange [-1:1]; set yrange [-1:1]
set xtics 0.5; set ytics 0.5
set xlabel "$x_1$"; set ylabel "$x_2$" offset 1,0
set key outside right top
set clip two            # draw the segments, whose ends lie outside the square
grey(e) = int(200 - 120.0 * e / epochs)
plot for [e=0:epochs-2] d."boundaries.dat" index e using 1:2 with lines \
       lc rgb sprintf("#%02x%02x%02x", grey(e), grey(e), grey(e)) lw 1.5 dt 1 \
       title (e == 0 ? sprintf("epochs 1--%d", epochs - 1) : ""), \
     d."boundaries.dat" index (epochs - 1) using 1:2 with lines ls 9 lw 3 \
       title sprintf("epoch %d", epochs), \
     d."points.dat" using ($3 == 1 ? $1 : NaN):2 with points ls 1 pt 7 title "$t=1$", \
     d."points.dat" using ($3 == 0 ? $1 : NaN):2 with points ls 2 pt 4 title "$t=0$"

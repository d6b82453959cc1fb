# Tangled from book/a2-100-neuron.nw by 'make tangle'. Edit the book, not this file.
# data: neuron-gradient-descent
load "figures/style.gp"
d = data . "/neuron-gradient-descent/"
load d."params.gp"
set xrange [-2.1:2.1]; set yrange [-3:3]
set xlabel "$x$"; set ylabel "$y$"
set key bottom right
set samples 200
plot d."data.dat" using 1:2 with points ls 9 pt 6 title "data", \
     2*sin(x) with lines lc rgb "#999999" lw 1.5 dt 1 title "$2\\sin x$", \
     lsw*x + lsb with lines ls 1 title "least squares", \
     w1*x + b1 with lines ls 2 title "gradient descent, 1 step", \
     w3*x + b3 with lines ls 4 title "gradient descent, 3 steps"

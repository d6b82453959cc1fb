# Tangled from book/a2-110-activations.nw by 'make tangle'. Edit the book, not this file.
# data: act-functions
W = 15.0; H = 13.5
load "figures/style.gp"
d = data . "/act-functions/"
files = "step sigmoid tanh relu leaky_relu elu gelu_erf softplus"
names = "step sigmoid tanh ReLU leaky~ReLU ELU GELU softplus"
array ylo[8] = [-0.2, -0.2, -1.2, -0.5, -0.5, -1.5, -0.5, -0.5]
array yhi[8] = [1.2, 1.2, 1.2, 4.2, 4.2, 4.2, 4.2, 4.2]
array ytic[8] = [0.5, 0.5, 1, 2, 2, 2, 2, 2]
set multiplot layout 3,3 margins 0.06,0.99,0.05,0.96 spacing 0.07,0.1
set xrange [-4:4]; set xtics 2
unset key                       # the caption says: function solid, derivative dashed
do for [i=1:8] {
    set title word(names, i) offset 0,-0.6
    set yrange [ylo[i]:yhi[i]]; set ytics ytic[i]
    plot d.word(files, i).".dat" using 1:2 with lines ls 1 title "$\\varphi(x)$", \
         ""                      using 1:3 with lines ls 2 title "$\\varphi'(x)$"
}
set title "GELU: tanh $-$ erf, $\\times10^{4}$" offset 0,-0.6
set yrange [-10:10]; set ytics 5
plot d."gelu-diff.dat" using 1:($2*1e4) with lines ls 1 notitle, \
     ""                using 1:($3*1e4) with lines ls 2 notitle
unset multiplot

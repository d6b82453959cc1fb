# Tangled from book/a2-250-batchnorm.nw by 'make tangle'. Edit the book, not this file.
# data: bn-shift
W = 14.5; H = 6.0
load "figures/style.gp"
f = data . "/bn-shift/shift.dat"
set multiplot layout 1, 3 margins 0.09, 0.99, 0.17, 0.90 spacing 0.05, 0
set xlabel "epoch" offset 0, 0.5
set tics scale 0.4
set yrange [-6:4]; set ytics 2
array names[3] = ["none", "before the activation", "after the activation"]
array qs[3] = ["10\\%", "50\\%", "90\\%"]
do for [v=0:2] {
    set title names[v + 1] offset 0, -0.6
    unset ylabel; unset key
    if (v == 0) { set ylabel "input of the activation" offset 1, 0 }
    if (v == 1) { set key at graph 0.97, 0.03 right bottom Left reverse nobox }
    if (v > 0) { set format y "" }
    plot for [k=1:3] f using ($1 == v ? $2 : 1/0):(column(2 + k)) \
         with linespoints ls k title qs[k]
}
unset multiplot

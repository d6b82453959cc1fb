# Tangled from book/a2-222-schedules.nw by 'make tangle'. Edit the book, not this file.
# data: sched-mnist
W = 14.5; H = 6.5
load "figures/style.gp"
d = data . "/sched-mnist/"
set multiplot layout 1, 2 margins 0.09, 0.99, 0.17, 0.97 spacing 0.14, 0
set xlabel "epoch" offset 0, 0.3
set logscale y
set format y "%g"
set ylabel "training loss" offset 1, 0
set key bottom left font ",8" width 3
runs = "constant step exp cosine warmup-cosine plateau"
plot for [k=1:6] d.word(runs, k).".dat" using 1:2 with linespoints ls k \
     title word("constant step exp cosine warm-up plateau", k)
unset logscale y
set ytics 0.05
set ylabel "learning rate" offset -0.5, 0
unset key
plot for [k=1:6] d.word(runs, k).".dat" using 1:5 with linespoints ls k
unset multiplot

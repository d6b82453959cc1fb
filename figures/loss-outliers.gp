# Tangled from book/a2-130-losses.nw by 'make tangle'. Edit the book, not this file.
# data: loss-regression
H = 7.5
load "figures/style.gp"
d = data . "/loss-regression/"
load d."params.gp"
set xrange [-2.1:2.1]; set yrange [-5:3]
set xlabel "$x$"; set ylabel "$t$"
set key bottom left Left reverse width 2
plot d."points.dat" using ($3 == 0 ? $1 : NaN):2 with points ls 9 pt 7 title "data", \
     ""             using ($3 == 1 ? $1 : NaN):2 with points ls 9 pt 4 ps 0.8 \
                    title "outliers", \
     truew*x + trueb with lines lc rgb "#999999" lw 1.5 dt 1 title "true line", \
     w0*x + b0 with lines ls 2 title "squared error", \
     w1*x + b1 with lines ls 1 title "absolute error", \
     w2*x + b2 with lines ls 3 title "Huber, $\\delta=1$", \
     w3*x + b3 with lines ls 4 title sprintf("Huber, $\\delta=%.2f$", delta3)

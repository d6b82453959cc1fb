# Tangled from book/a2-310-fast.nw by 'make tangle'. Edit the book, not this file.
# data: fast-steps
W = 14.5; H = 8
load "figures/style.gp"
set datafile missing "-"
set logscale x 2
set logscale y 10
set xrange [28:1150]
set yrange [0.2:400]
set xtics (32, 64, 128, 256, 512, 1024)
set format y "$10^{%L}$"
set xlabel "matrix size $n$ ($M=N=K=n$)"
set ylabel "GFLOP/s"
set key outside right top vertical Left reverse samplen 2 spacing 1.15 nobox
d = data."/fast-steps/steps.dat"
plot d u 1:10 w l ls 9 dt 2 t "peak, 1 core", \
     d u 1:2 w lp ls 2 t "$ijk$ loops", \
     d u 1:3 w lp ls 4 t "\\texttt{nn\\_gemm\\_ref}", \
     d u 1:4 w lp ls 5 t "blocked", \
     d u 1:5 w lp ls 6 t "packed, portable", \
     d u 1:6 w lp ls 1 t "\\texttt{nn\\_gemm}", \
     d u 1:7 w lp ls 1 dt 3 pt 6 t "\\texttt{nn\\_gemm}, 2 thr.", \
     d u 1:8 w lp ls 3 t "OpenBLAS", \
     d u 1:9 w lp ls 3 dt 3 pt 8 t "OpenBLAS, 2 thr."

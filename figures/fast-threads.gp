# Tangled from book/a2-310-fast.nw by 'make tangle'. Edit the book, not this file.
# data: fast-threads
W = 13.5; H = 7.5
load "figures/style.gp"
set style data histograms
set style histogram clustered
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel "GFLOP/s"
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set xtics scale 0 ('$XW$' 0, '$\mathit{dZ}\,W^{\top}$' 1, '$X^{\top}\mathit{dZ}$' 2, \
                   '$XW$' 3, '$\mathit{dZ}\,W^{\top}$' 4, '$X^{\top}\mathit{dZ}$' 5)
set arrow from 2.5, graph 0 to 2.5, graph 1 nohead dt 3 lc rgb "#888888"
set label "batch 64" at 1, graph 0.95 center
set label "batch 256" at 4, graph 0.95 center
set key outside top center horizontal samplen 1.5
set grid ytics lw 0.5 lc rgb "#cccccc"
d = data."/fast-threads/threads.dat"
plot d u 2 lc rgb "#56B4E9" t "ours, 1 thread", \
     d u 3 lc rgb "#0072B2" t "ours, 2", \
     d u 4 lc rgb "#A6DBA0" t "OpenBLAS, 1", \
     d u 5 lc rgb "#009E73" t "OpenBLAS, 2"

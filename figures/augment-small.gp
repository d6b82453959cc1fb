# Tangled from book/a2-241-augmentation.nw by 'make tangle'. Edit the book, not this file.
# data: augment-small
W = 12.5; H = 6.5
load "figures/style.gp"
d = data . "/augment-small/"
set xlabel "epoch" offset 0, 0.5
set ylabel "accuracy (\\%)" offset 1, 0
set yrange [85:100.5]
set key bottom right nobox samplen 2.5 spacing 1
plot d."plain.dat" using 1:(100 * $3) with lines ls 1 title "training, plain", \
     d."plain.dat" using 1:(100 * $5) with lines ls 2 title "validation, plain", \
     d."augmented.dat" using 1:(100 * $3) with lines ls 3 \
       title "training (augmented batches)", \
     d."augmented.dat" using 1:(100 * $5) with lines ls 4 \
       title "validation, augmented"

# Tangled from book/a2-120-mlp.nw by 'make tangle'. Edit the book, not this file.
# data: mlp-xor
W = 14.5; H = 10.2
load "figures/style.gp"
d = data . "/mlp-xor/"
load d."params.gp"
set palette defined (0 "#0072B2", 0.5 "#FFFFFF", 1 "#D55E00")
set cbrange [0:1]
unset colorbox
unset key
set size ratio -1
set xrange [-0.5:1.5]; set yrange [-0.5:1.5]
set xtics 0, 1, 1; set ytics 0, 1, 1
set border 15 lw 0.8
set tics scale 0.4 front
$one << EOD
0 1
1 0
EOD
$zero << EOD
0 0
1 1
EOD
set multiplot layout 2, 3 margins 0.06, 0.99, 0.05, 0.93 spacing 0.02, 0.11
do for [s = 0:5] {
    set title sprintf("after %d steps", value(sprintf("snap%d", s))) offset 0, -0.6
    plot d."maps.dat" index s using 1:2:3 with image, \
         $one using 1:2 with points pt 7 ps 1.1 lc rgb "black", \
         $zero using 1:2 with points pt 4 ps 1.1 lw 2 lc rgb "black"
}
unset multiplot

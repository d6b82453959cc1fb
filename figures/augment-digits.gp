# Tangled from book/a2-241-augmentation.nw by 'make tangle'. Edit the book, not this file.
# data: augment-digits
W = 12.5; H = 7.4
load "figures/style.gp"
d = data . "/augment-digits/mosaic.dat"
unset border; unset tics; unset key; unset colorbox
set lmargin 9; set rmargin 0.5; set tmargin 0.3; set bmargin 1.4
set size ratio -1
set yrange [*:*] reverse
set palette defined (-40 "#c8c8c8", 0 "white", 255 "black")
set cbrange [-40:255]
do for [r=0:3] {
    set label (r == 0 ? "shift" : r == 1 ? "rotation" : r == 2 ? "elastic" \
               : "all three") at -3, 2 + 30 * r + 14 right front
}
set label "original" at 16, 4 * 30 + 5 center front
set label "augmented copies" at 2 + 30 + 7 * 30 / 2, 4 * 30 + 5 center front
plot d matrix with image

# Tangled from book/a2-100-neuron.nw by 'make tangle'. Edit the book, not this file.
if (!exists("W")) W = 12.5
if (!exists("H")) H = 7.0
set terminal cairolatex pdf input size W cm, H cm font ",10" dashlength 0.8
set output out
set border 3 lw 1.2
set tics nomirror out scale 0.6
set key box opaque samplen 2.5 spacing 1.15
set style line 1 lc rgb "#0072B2" lw 2.5 dt 1 pt 7  ps 0.55
set style line 2 lc rgb "#D55E00" lw 2.5 dt 2 pt 5  ps 0.55
set style line 3 lc rgb "#009E73" lw 2.5 dt 4 pt 9  ps 0.65
set style line 4 lc rgb "#CC79A7" lw 2.5 dt 5 pt 11 ps 0.65
set style line 5 lc rgb "#E69F00" lw 2.5 dt 3 pt 13 ps 0.65
set style line 6 lc rgb "#56B4E9" lw 2.5 dt 1 pt 6  ps 0.55
set style line 9 lc rgb "#000000" lw 1.5 dt 1 pt 6  ps 0.55
set style increment user

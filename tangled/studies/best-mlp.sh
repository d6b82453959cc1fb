# Tangled from book/a2-270-best.nw by 'make tangle'. Edit the book, not this file.
#!/bin/bash
# best-mlp.sh: trains every row of the best perceptron's study (chapter "The
# best MLP") with every seed, and writes the results file.
# Usage: best-mlp.sh NN-TRAIN ROWS RESULTS [SEEDS]
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: best-mlp.sh NN-TRAIN ROWS RESULTS [SEEDS]" >&2; exit 2; }
nn_train_cmd=$1 rows=$2 out=$3 seeds=${4:-1 2 3}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
# <<the study's helpers>>
study_rows() {
  awk '/^row [a-z0-9-]+: / { if (key != "") print key "\t" label "\t" args
                             key = $2; sub(/:$/, "", key)
                             label = $0; sub(/^row [^:]*: /, "", label)
                             args = ""; next }
       /^    [^ ]/        { a = $0; sub(/^ +/, "", a)
                             args = args (args == "" ? "" : " ") a; next }
       /[^ ]/             { print FILENAME ": " FNR ": not a row" > "/dev/stderr"
                             exit 1 }
       END { if (key != "") print key "\t" label "\t" args }' "$1"
}
# <<the study's helpers>>
study_measure() {
  awk '$1 == "epoch" { val = $12; secs += $13 }
       $1 == "test:" { test = $5; sub(/%.*/, "", test) }
       END { if (test == "") exit 1
             printf "%.2f\t%.2f\t%.1f", 100 * val, test, secs }'
}
# <<the study's helpers>>
study_header() {
  local cpu
  cpu=$(sed -n '/^model name[[:space:]]*: /{s///p;q;}' /proc/cpuinfo)
  echo "# best-mlp results: key, seed, validation %, test %, seconds, options"
  echo "# machine: ${cpu:-unknown}, $OMP_NUM_THREADS threads"
  echo "# made: $(date -u +%Y-%m-%d), commit" \
       "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
}
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
study_header > "$tmp"
# <<train every row of the study with every seed>>
study_rows "$rows" | while IFS=$'\t' read -r key label args; do
  for run_seed in $seeds; do
    echo "best-mlp: $key, seed $run_seed" >&2
    log=$("$nn_train_cmd" --seed "$run_seed" $args) \
      || { echo "best-mlp: $key failed" >&2; exit 1; }
    m=$(study_measure <<< "$log") || { echo "best-mlp: $key: no result" >&2; exit 1; }
    printf '%s\t%s\t%s\t%s\n' "$key" "$run_seed" "$m" "$args" >> "$tmp"
  done
done
mv "$tmp" "$out"
trap - EXIT
echo "best-mlp: wrote $out" >&2

#!/usr/bin/env bash
# Kernel time and page faults of the same work in three processes, taken in turns:
# eager PyTorch (pytorch_throughput.py), Graft with the launcher's allocator (tcmalloc when
# Debian's libtcmalloc-minimal4 is installed), and Graft with glibc's malloc left alone
# (GRAFT_MALLOC=system). Each process trains resnet18 for STEPS steps at batch BATCH and then
# infers at twice the batch, at SIZE px on one thread, after 2 warm-up steps each.
# Page faults and system time count work the process asked the kernel for, so a busy machine
# changes them far less than it changes wall time.
#
#   tools/bench/faults.sh [ROUNDS=2] [SIZE=64] [BATCH=64] [STEPS=10]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-2}" size="${2:-64}" batch="${3:-64}" steps="${4:-10}"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
unset LD_PRELOAD
"$here/graft" bench --help >/dev/null  # build first, outside the timings

stats="$(mktemp)"
trap 'rm -f "$stats"' EXIT
run() {  # label, command...
  local label="$1"; shift
  /usr/bin/time -o "$stats" -f '%e %U %S %R %M' "$@" >/dev/null 2>&1
  read -r wall user sys minor maxkb < <(tail -1 "$stats")
  printf '%-24s %8s %8s %8s %12s %9s\n' "$label" "$wall" "$user" "$sys" "$minor" "$((maxkb / 1024))"
}

echo "resnet18, $size px, train batch $batch then infer batch $((2 * batch)), $steps timed steps each, 1 thread; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-24s %8s %8s %8s %12s %9s\n' "process" "wall s" "user s" "sys s" "minor faults" "peak MB"
for r in $(seq "$rounds"); do
  run "PyTorch 1.13" /usr/bin/python3 "$here/tools/bench/pytorch_throughput.py" --size "$size" --batch "$batch" \
    --steps "$steps" --thread-counts 1
  run "Graft, launcher default" env GRAFT_MALLOC=auto "$here/graft" bench --size "$size" --batch "$batch" --steps "$steps" \
    --thread-counts 1
  run "Graft, glibc malloc" env GRAFT_MALLOC=system "$here/graft" bench --size "$size" --batch "$batch" \
    --steps "$steps" --thread-counts 1
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

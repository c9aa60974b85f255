#!/usr/bin/env bash
# Calibration and out-of-distribution rejection on the demo's transfer task (Fashion-MNIST classes
# 5-9, 10 labeled + 10 validation images per class, the bundled backbone pretrained on classes
# 0-4, the README's plain fine-tune), over seeds. For each run it reads, on the 5,000 target test
# images, the ECE before and after the temperature fitted on the 50 validation images
# (graft evaluate --json), and the OOD AUROC of the maximum softmax probability and of the energy
# against the source classes 0-4 (near) and generated noise and shapes (far) (graft ood --json).
# Prints a markdown table: one row per seed, then the mean.
#
#   tools/measure/trust.sh [OUT_DIR] [SEEDS]
#   tools/measure/trust.sh runs/trust "1 2 3"
#
# Runs that already finished are reused.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-runs/trust}"
seeds="${2:-1 2 3}"
mkdir -p "$out"
graft="${GRAFT:-$here/graft}" # GRAFT=path/to/bin/graft uses an installed distribution

rows=()
for s in $seeds; do
  run="$out/demo-seed$s"
  if [ ! -f "$run/graft.json" ]; then
    "$graft" train --data fashion-mnist --classes 5-9 --per-class 10 --val-per-class 10 --model resnet18_small \
      --weights resnet18_small.fmnist_src --strategy fine-tune --epochs 25 --head-epochs 10 --batch-size 16 \
      --lr 1e-3 --warmup 2 --patience 10 --dropout 0.2 --lr-mult 0.1 --threads 1 --seed "$s" --out "$run" --force \
      >/dev/null
  fi
  # the JSON goes beside the run: a run folder holds only Graft's own files, or --force refuses it
  "$graft" evaluate --run "$run" --data fashion-mnist --threads 1 --overlays 8 --json > "$run.evaluate.json"
  "$graft" ood --run "$run" --data fashion-mnist --ood fashion-mnist:0-4,noise,shapes --threads 1 --json \
    > "$run.ood.json"
  rows+=("$(python3 - "$run" "$s" <<'PY'
import json, sys
run, seed = sys.argv[1], sys.argv[2]
e = json.load(open(run + ".evaluate.json"))
o = json.load(open(run + ".ood.json"))
acc = e["evaluation"]["confusion"]
right = sum(acc[i][i] for i in range(len(acc))); total = sum(map(sum, acc))
s = {x["name"]: x for x in o["sets"]}
vals = [right / total, e["temperature"], e["eceBefore"], e["ece"],
        s["fashion-mnist:0-4"]["aurocMsp"], s["fashion-mnist:0-4"]["aurocEnergy"],
        s["noise"]["aurocMsp"], s["noise"]["aurocEnergy"], s["shapes"]["aurocMsp"], s["shapes"]["aurocEnergy"],
        o["accepted"], s["fashion-mnist:0-4"]["accepted"], s["noise"]["accepted"], s["shapes"]["accepted"]]
print(seed + " " + " ".join("%.4f" % v for v in vals))
PY
)")
done

printf '%s\n' "${rows[@]}" | python3 -c '
import sys
rows = [l.split() for l in sys.stdin if l.strip()]
head = ["seed", "test acc", "T", "ECE T=1", "ECE T", "near MSP", "near energy", "noise MSP", "noise energy",
        "shapes MSP", "shapes energy", "accepted: in", "near", "noise", "shapes"]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for r in rows:
    print("| " + " | ".join(r) + " |")
n = len(rows)
mean = [sum(float(r[i]) for r in rows) / n for i in range(1, len(head))]
print("| mean | " + " | ".join("%.4f" % v for v in mean) + " |")
'

#!/usr/bin/env bash
# The fine-tuning-craft measurements of the README: each variant against the plain fine-tune
# baseline on the demo's transfer task (Fashion-MNIST classes 5-9, 10 labeled + 10 validation
# images per class, the bundled backbone pretrained on classes 0-4), over seeds, scored on the
# 5,000 target test images. Prints a markdown table: test accuracy mean ± sd and Δ vs plain.
#
#   tools/measure/craft.sh [OUT_DIR] [SEEDS] [VARIANT...]
#   tools/measure/craft.sh runs/craft "1 2 3" plain lora4 lora16 bitfit
#
# A variant is a name from the list below. Runs that already finished are reused, so an
# interrupted measurement continues where it stopped.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-runs/craft}"
seeds="${2:-1 2 3}"
shift 2 2>/dev/null || shift $#
variants=("$@")
[ ${#variants[@]} -eq 0 ] && variants=(plain smoothing0 crop mixup ema lora4 lora16 bitfit adapter)

base=(--data fashion-mnist --classes 5-9 --per-class 10 --val-per-class 10 --model resnet18_small
      --weights resnet18_small.fmnist_src --epochs 25 --head-epochs 10 --batch-size 16 --lr 1e-3 --warmup 2
      --patience 10 --dropout 0.2 --lr-mult 0.1 --threads 1)
# PEFT strategies have no head-only phase, so they get fine-tune's whole epoch budget (10 + 25).
peft=(--data fashion-mnist --classes 5-9 --per-class 10 --val-per-class 10 --model resnet18_small
      --weights resnet18_small.fmnist_src --epochs 35 --batch-size 16 --warmup 2
      --patience 10 --dropout 0.2 --threads 1)
args_of() {
  case "$1" in
    plain)      echo "${base[*]} --strategy fine-tune" ;;
    smoothing0) echo "${base[*]} --strategy fine-tune --label-smoothing 0" ;;
    crop)       echo "${base[*]} --strategy fine-tune --augment custom --crop-scale 0.8" ;;
    mixup)      echo "${base[*]} --strategy fine-tune --augment custom --mixup 0.2" ;;
    ema)        echo "${base[*]} --strategy fine-tune --ema 0.99" ;;
    lora4)      echo "${peft[*]} --strategy lora --lora-rank 4 --lora-alpha 8 --lr 3e-3" ;;
    lora16)     echo "${peft[*]} --strategy lora --lora-rank 16 --lora-alpha 32 --lr 3e-3" ;;
    bitfit)     echo "${peft[*]} --strategy bitfit --lr 3e-3" ;;
    adapter)    echo "${peft[*]} --strategy adapter --lr 3e-3" ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}
acc() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["result"]; print(r["testAccuracy"], int(r["trainableParams"]))' "$1"; }

mkdir -p "$out"
declare -A mean
for v in "${variants[@]}"; do
  for s in $seeds; do
    run="$out/$v-s$s"
    if [ ! -f "$run/graft.json" ]; then
      # shellcheck disable=SC2046
      "$here/graft" train $(args_of "$v") --seed "$s" --out "$run" --force >"$run.log" 2>&1 \
        || { echo "$v seed $s failed; see $run.log" >&2; exit 1; }
    fi
  done
done
echo "| variant | command (plus --seed S) | trainable | test accuracy, mean ± sd | Δ vs plain |"
echo "|---|---|---|---|---|"
for v in "${variants[@]}"; do
  vals=(); tp=0
  for s in $seeds; do read -r a tp < <(acc "$out/$v-s$s/graft.json"); vals+=("$a"); done
  line=$(python3 - "$v" "$tp" "$(args_of "$v")" "${vals[@]}" <<'PY'
import statistics as st, sys
v, tp, cmd, vals = sys.argv[1], int(sys.argv[2]), sys.argv[3], [float(x) for x in sys.argv[4:]]
m = st.mean(vals); sd = st.stdev(vals) if len(vals) > 1 else 0.0
extra = cmd.split("--threads 1", 1)[1].strip()
print(f"{v}\t{m:.4f}\t| {v} | `{extra}` | {tp:,} | {m:.3f} ± {sd:.3f} |")
PY
)
  mean[$v]=$(cut -f2 <<<"$line")
  row=$(cut -f3 <<<"$line")
  if [ -n "${mean[plain]:-}" ]; then
    echo "$row $(python3 -c "print(f'{float(\"${mean[$v]}\") - float(\"${mean[plain]}\"):+.3f}')") |"
  else
    echo "$row — |"
  fi
done

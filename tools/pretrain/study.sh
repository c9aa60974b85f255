#!/bin/bash
# The comparison protocol's study cells for one backbone on the validation tasks (docs/PRETRAINING.md).
# Usage: tools/pretrain/study.sh NAME WEIGHTS|scratch STRATEGIES TASK...   (tasks: fm59 rotinv shapes7 fractals7)
# Needs the task folders: /usr/bin/python3 tools/pretrain/make_tasks.py ${TASKS:-/tmp/pt/tasks}
cd "$(dirname "$0")/../.."
tasks=${TASKS:-/tmp/pt/tasks}
name=$1; w=$2; strat=$3; shift 3
for t in "$@"; do
  case $t in
    fm59) data=$tasks/fmnist59-val ;;
    rotinv) data=$tasks/fmnist59-rotinv-val ;;
    shapes7) data=synthetic:shapes:10:7 ;;
    fractals7) data=synthetic:fractals:10:7 ;;
    *) echo "unknown task $t" >&2; exit 2 ;;
  esac
  if [ "$w" = scratch ]; then wf=""; else wf="--weights $w"; fi
  nice -n 5 ./graft study --data "$data" --model resnet18_small $wf --sizes 10 --seeds 3 --strategies "$strat" \
    --max-steps 200 --test-per-class 200 --val-per-class 10 --threads 1 --out "runs/cmp-study/$name/$t" --resume
done

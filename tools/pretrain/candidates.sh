#!/bin/bash
# The comparison candidates of docs/PRETRAINING.md: short pretraining runs, one thread each.
# Usage: tools/pretrain/candidates.sh fractals|shapes|simclr   (fractals also runs fractals-simclr after it)
set -e
cd "$(dirname "$0")/../.."
G="nice -n 5 ./graft"
case "$1" in
fractals) $G pretrain --synthetic fractals --categories 100 --per-class 100 --val-per-class 10 --epochs 4 --batch-size 64 --lr 2e-3 --model resnet18_small --threads 1 --out runs/cmp/fractals --force
  $G pretrain --ssl simclr --data fashion-mnist --per-class 2000 --weights runs/cmp/fractals/model.safetensors --epochs 2 --warmup 0.2 --threads 1 --checkpoint-every 20 --out runs/cmp/fractals-simclr --force ;;
shapes) $G pretrain --synthetic shapes --categories 100 --per-class 100 --val-per-class 10 --epochs 4 --batch-size 64 --lr 2e-3 --model resnet18_small --threads 1 --out runs/cmp/shapes --force ;;
simclr) $G pretrain --ssl simclr --data fashion-mnist --per-class 2000 --epochs 2 --warmup 0.2 --threads 1 --checkpoint-every 20 --out runs/cmp/simclr --force ;;
*) echo "usage: $0 fractals|shapes|simclr" >&2; exit 2 ;;
esac

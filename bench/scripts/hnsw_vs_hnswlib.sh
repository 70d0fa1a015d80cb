#!/usr/bin/env bash
# Quiver HNSW against hnswlib (C++, -O3 -march=native) on one dataset, interleaved runs in one
# session so that both see the same machine load. Writes CSVs under OUT and prints them.
#   bench/scripts/hnsw_vs_hnswlib.sh DATASET_DIR METRIC(l2|ip) OUT_DIR [ROUNDS] [PEERS_DIR]
# PEERS_DIR holds a built peers/native/hnswlib_native (see ../shared/peers/README.md).
set -euo pipefail
ds=$1; metric=$2; out=$3; rounds=${4:-2}; peers=${5:-/tmp/qv/peers}
root="$(cd "$(dirname "$0")/../.." && pwd)"
efs=10,16,24,32,36,40,48,64,96,128,256,512
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  "$peers/native/hnswlib_native" "$ds" "$metric" 16 200 "$efs" "$out/hnswlib-r$r.csv" 2
  "$root/quiver" bench ann --dataset "$ds" --index "HNSW(m=16, ef_construction=200)" --search "ef=$efs" \
    --threads 1 --out "$out/quiver-r$r.csv" 2>/dev/null
  "$root/quiver" bench ann --dataset "$ds" --index "HNSW(m=16, ef_construction=200)" --search "ef=32,64,128" \
    --threads 2 --out "$out/quiver-2t-r$r.csv" 2>/dev/null
done
tail -n +1 "$out"/*.csv

#!/usr/bin/env bash
# Quiver IVF-PQ against FAISS IndexIVFPQ + IndexRefineFlat (Debian python3-faiss) on one dataset,
# interleaved in one session so that both see the same machine load. Writes OUT/faiss-rN.txt and
# OUT/quiver-rREFINE-N.csv per round.
#   bench/scripts/ivfpq_vs_faiss.sh DATASET_DIR METRIC(ip|l2) NLIST M NPROBES REFINES OUT_DIR [ROUNDS]
# e.g. bench/scripts/ivfpq_vs_faiss.sh /tmp/qv/data/debian-packages-minilm ip 256 48 16,32,64,128 4,16 OUT 2
set -euo pipefail
ds=$1; metric=$2; nlist=$3; m=$4; nprobes=$5; refines=$6; out=$7; rounds=${8:-2}
root="$(cd "$(dirname "$0")/../.." && pwd)"
n=$(( $(stat -c %s "$ds/base.fvecs") / ($(od -An -t d4 -N4 "$ds/base.fvecs") * 4 + 4) ))
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONNOUSERSITE=1 /usr/bin/python3 "$root/bench/scripts/faiss_ivfpq.py" \
    "$ds" "$metric" "$nlist" "$m" "$nprobes" "$refines" > "$out/faiss-r$r.txt"
  for refine in ${refines//,/ }; do
    # train_min = n: training starts once every vector is loaded, as FAISS trains on all of them.
    "$root/quiver" bench ann --dataset "$ds" --index "IVF_PQ(nlist=$nlist, m=$m, train_min=$n, refine=$refine)" \
      --search "nprobe=$nprobes" --out "$out/quiver-r$refine-$r.csv" 2>/dev/null
  done
done
tail -n +1 "$out"/*

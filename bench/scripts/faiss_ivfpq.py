#!/usr/bin/python3
"""FAISS IndexIVFPQ + IndexRefineFlat, one thread, one query per call (like Quiver's API) and batched.

  OMP_NUM_THREADS=1 PYTHONNOUSERSITE=1 /usr/bin/python3 bench/scripts/faiss_ivfpq.py DATASET_DIR ip|l2 NLIST M NPROBES REFINES
NPROBES and REFINES are comma lists; prints one line per (refine, nprobe): recall@10, median QPS of 3 passes, batch QPS.
PYTHONNOUSERSITE=1 keeps a pip faiss in ~/.local from shadowing Debian's python3-faiss."""
import sys, time, numpy as np, faiss
def fvecs(p):
    a = np.fromfile(p, dtype=np.int32); d = a[0]; return a.reshape(-1, d + 1)[:, 1:].view(np.float32).copy()
def ivecs(p):
    a = np.fromfile(p, dtype=np.int32); d = a[0]; return a.reshape(-1, d + 1)[:, 1:].copy()
d_ = sys.argv[1]; space = sys.argv[2]; nlist = int(sys.argv[3]); m = int(sys.argv[4])
nprobes = [int(x) for x in sys.argv[5].split(",")]; kfs = [int(x) for x in sys.argv[6].split(",")]
xb = fvecs(d_ + "/base.fvecs"); xq = fvecs(d_ + "/query.fvecs"); gt = ivecs(d_ + "/groundtruth.ivecs")[:, :10]
faiss.omp_set_num_threads(1)
n, d = xb.shape
mt = faiss.METRIC_L2 if space == "l2" else faiss.METRIC_INNER_PRODUCT
q = faiss.IndexFlatL2(d) if space == "l2" else faiss.IndexFlatIP(d)
idx = faiss.IndexIVFPQ(q, d, nlist, m, 8, mt)
t = time.perf_counter(); idx.train(xb); tt = time.perf_counter() - t
t = time.perf_counter(); idx.add(xb); ta = time.perf_counter() - t
ref = faiss.IndexRefineFlat(idx, faiss.swig_ptr(xb))
print("faiss %s %s n=%d d=%d nlist=%d m=%d train %.2f s add %.2f s codes %d bytes/vector + 8 id" % (faiss.__version__, faiss.get_compile_options(), n, d, nlist, m, tt, ta, idx.code_size), flush=True)
def rec(ids): return np.mean([len(set(ids[i]) & set(gt[i])) / 10 for i in range(len(gt))])
for kf in kfs:
    for np_ in nprobes:
        idx.nprobe = np_; ref.k_factor = kf
        ref.search(xq[:200], 10)
        res = []
        for rep in range(3):
            out = []
            t = time.perf_counter()
            for i in range(len(xq)):
                out.append(ref.search(xq[i:i + 1], 10)[1][0])
            res.append(len(xq) / (time.perf_counter() - t))
        t = time.perf_counter(); bi = ref.search(xq, 10)[1]; bq = len(xq) / (time.perf_counter() - t)
        print("faiss refine=%d nprobe=%d recall=%.4f qps=%.0f batch_qps=%.0f" % (kf, np_, rec(np.array(out)), sorted(res)[1], bq), flush=True)

#!/usr/bin/env python3
"""FAISS HNSW + IDSelector baseline for filtered search on a dataset with filtered_queries.jsonl.

Usage: faiss_filtered.py <dataset dir> [efSearch,...]
Prints recall@10 and single-thread QPS per selectivity bucket, with the filter as an
IDSelectorBitmap (the filter's matches are computed once per distinct filter, outside the
timing), next to the unfiltered search at the same efSearch.
"""
import gzip, json, sys, time
from collections import defaultdict
import numpy as np
import faiss

def fvecs(path):
    raw = (gzip.open(path) if path.endswith('.gz') else open(path, 'rb')).read()
    d = np.frombuffer(raw[:4], dtype='<i4')[0]
    return np.frombuffer(raw, dtype='<f4').reshape(-1, d + 1)[:, 1:].copy()

def ivecs(path):
    raw = open(path, 'rb').read()
    d = np.frombuffer(raw[:4], dtype='<i4')[0]
    return np.frombuffer(raw, dtype='<i4').reshape(-1, d + 1)[:, 1:].copy()

def matches(meta, flt):
    out = []
    for i, m in enumerate(meta):
        ok = True
        for k, v in flt.items():
            x = m.get(k)
            if isinstance(v, dict):
                for op, a in v.items():
                    ok &= {'eq': lambda: x == a, 'ne': lambda: x != a, 'in': lambda: x in a,
                           'lt': lambda: x is not None and x < a, 'lte': lambda: x is not None and x <= a,
                           'gt': lambda: x is not None and x > a, 'gte': lambda: x is not None and x >= a}[op]()
            else:
                ok &= x == v
        if ok:
            out.append(i)
    return np.array(out, dtype='int64')

def main():
    data = sys.argv[1]
    efs = [int(e) for e in (sys.argv[2] if len(sys.argv) > 2 else '64,128,512').split(',')]
    faiss.omp_set_num_threads(1)
    base = fvecs(data + '/base.fvecs.gz'); queries = fvecs(data + '/query.fvecs'); gt = ivecs(data + '/groundtruth.ivecs')
    meta = [json.loads(l) for l in open(data + '/base.meta.jsonl')]
    fq = [json.loads(l) for l in open(data + '/filtered_queries.jsonl')]
    t0 = time.time()
    index = faiss.IndexHNSWFlat(base.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 200
    index.add(base)
    print(f'FAISS {faiss.__version__} HNSW(M=16, efConstruction=200) built in {time.time() - t0:.1f} s')
    selectors = {}
    for q in fq:
        key = json.dumps(q['filter'], sort_keys=True)
        if key not in selectors:
            ids = matches(meta, q['filter'])
            bits = np.zeros((len(base) + 7) // 8, dtype='uint8')
            np.bitwise_or.at(bits, ids >> 3, (1 << (ids & 7)).astype('uint8'))
            selectors[key] = (bits, faiss.IDSelectorBitmap(len(base), faiss.swig_ptr(bits)))
    buckets = defaultdict(list)
    for q in fq:
        buckets[q['target_selectivity']].append(q)
    for ef in efs:
        p = faiss.SearchParametersHNSW(); p.efSearch = ef
        t = time.time(); _, I = index.search(queries, 10, params=p); dt = time.time() - t
        rec = np.mean([len(set(I[i]) & set(gt[i, :10])) / 10 for i in range(len(queries))])
        print(f'ef={ef} unfiltered: recall@10 {rec:.4f}, {len(queries) / dt:.0f} QPS')
        for b, qs in sorted(buckets.items()):
            recall = 0; total = 0.0
            for q in qs:
                sp = faiss.SearchParametersHNSW(); sp.efSearch = ef
                sp.sel = selectors[json.dumps(q['filter'], sort_keys=True)][1]
                x = queries[q['query']:q['query'] + 1]
                t = time.time(); _, I = index.search(x, 10, params=sp); total += time.time() - t
                want = set(q['neighbors'][:10])
                recall += len(set(int(i) for i in I[0] if i >= 0) & want) / max(1, len(want))
            print(f'ef={ef} bucket {b} ({len(qs)} queries): recall@10 {recall / len(qs):.4f}, {len(qs) / total:.0f} QPS')

if __name__ == '__main__':
    main()

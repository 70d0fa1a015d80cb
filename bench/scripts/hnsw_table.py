# Median table of one hnsw_vs_hnswlib.sh output directory (hnswlib and Quiver, 1 and 2 threads):
#   python3 bench/scripts/hnsw_table.py OUT_DIR
import sys,csv,glob,statistics,re
d=sys.argv[1]
def load(pat):
    out={}
    for f in sorted(glob.glob(d+'/'+pat)):
        for row in csv.DictReader(open(f)):
            ef=int(row['search_param'].split('=')[1])
            out.setdefault(ef,[]).append((float(row['recall_at_10']),float(row['qps']),float(row.get('build_s') or 0)))
    return out
h=load('hnswlib-r*.csv'); q=load('quiver-r*.csv'); t=load('quiver-2t-r*.csv')
print("| ef | hnswlib recall | hnswlib QPS | Quiver recall | Quiver QPS (1 thread) | Quiver / hnswlib | Quiver QPS (2 threads) | 2 threads / 1 |")
print("|---|---|---|---|---|---|---|---|")
for ef in sorted(h):
    hr=statistics.median([x[0] for x in h[ef]]); hq=statistics.median([x[1] for x in h[ef]])
    qr=statistics.median([x[0] for x in q[ef]]); qq=statistics.median([x[1] for x in q[ef]])
    two=f"{statistics.median([x[1] for x in t[ef]]):,.0f} | {statistics.median([x[1] for x in t[ef]])/qq:.2f}" if ef in t else " | "
    print(f"| {ef} | {hr:.4f} | {hq:,.0f} | {qr:.4f} | {qq:,.0f} | {qq/hq:.2f} | {two} |")
hb=[x[2] for v in h.values() for x in v]; qb=[x[2] for v in q.values() for x in v]
print("build hnswlib", sorted(set(hb)), "quiver", sorted(set(qb)))
print("median build ratio", statistics.median(sorted(set(qb)))/statistics.median(sorted(set(hb))))

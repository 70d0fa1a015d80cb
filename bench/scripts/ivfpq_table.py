# Median table of one ivfpq_vs_faiss.sh output directory (FAISS and Quiver, per refine and nprobe):
#   python3 bench/scripts/ivfpq_table.py OUT_DIR
import sys,csv,glob,statistics,re
d=sys.argv[1]
f={}
for fn in sorted(glob.glob(d+'/faiss-r*.txt')):
    for line in open(fn):
        m=re.match(r'faiss refine=(\d+) nprobe=(\d+) recall=([\d.]+) qps=(\d+)',line)
        if m: f.setdefault((int(m[1]),int(m[2])),[]).append((float(m[3]),float(m[4])))
        m=re.match(r'faiss .* train ([\d.]+) s add ([\d.]+) s',line)
        if m: print("faiss train+add", m[1], m[2])
q={}
for fn in sorted(glob.glob(d+'/quiver-r*.csv')):
    refine=int(re.search(r'quiver-r(\d+)-',fn)[1])
    for row in csv.DictReader(open(fn)):
        npb=int(row['search_param'].split('=')[1])
        q.setdefault((refine,npb),[]).append((float(row['recall_at_10']),float(row['qps']),float(row['build_s'])))
print("| refine | nprobe | FAISS recall | FAISS QPS | Quiver recall | Quiver QPS | Quiver / FAISS |")
print("|---|---|---|---|---|---|---|")
for k in sorted(q):
    fr=statistics.median([x[0] for x in f[k]]); fq=statistics.median([x[1] for x in f[k]])
    qr=statistics.median([x[0] for x in q[k]]); qq=statistics.median([x[1] for x in q[k]])
    print(f"| {k[0]} | {k[1]} | {fr:.4f} | {fq:,.0f} | {qr:.4f} | {qq:,.0f} | {qq/fq:.2f} |")
print("quiver build_s", sorted(set(x[2] for v in q.values() for x in v)))

#!/usr/bin/env python3
"""Measure the built-in rules on the labelled development corpus in ../shared/corpus.

Item level: an organisation text labelled `distancing` or `vague_promise` should get at least
one finding; one labelled neither should get none. Phrase level: how many labelled
distancing phrases a finding overlaps. Run after `cargo build --release`:

    python3 scripts/corpus_eval.py [-v]
"""
import json, os, subprocess, sys
HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, '..', '..', 'shared', 'corpus') + '/'
NABIJ = os.path.join(HERE, '..', 'target', 'release', 'nabij')
items=[]
for f in ['dev-real.jsonl','dev-written.jsonl']:
    for l in open(CORPUS+f, encoding='utf-8'):
        d=json.loads(l)
        if d['kind'] in ('reply','pair') and 'labels' in d: items.append(d)
tp=fp=fn=tn=0; ph_hit=ph_tot=0; fps=[]; misses=[]
for d in items:
    t=d['text']
    out=subprocess.run([NABIJ,'check','--format','json','-'],input=t.encode(),capture_output=True)
    j=json.loads(out.stdout)
    fs=j['files'][0]['replies'][0]['findings']
    lab=d['labels']
    # byte offsets -> str
    b=t.encode()
    spans=[(len(b[:f['span']['start']].decode()),len(b[:f['span']['end']].decode()),f['rule']) for f in fs]
    has=bool(fs)
    positive = lab['distancing'] or lab.get('vague_promise')
    if positive and has: tp+=1
    elif positive: fn+=1
    elif has: fp+=1; fps.append((d['id'],[(t[s:e],r) for s,e,r in spans]))
    else: tn+=1
    for p in lab.get('distancing_phrases',[]):
        ph_tot+=1
        i=t.find(p)
        if i>=0 and any(s<i+len(p) and i<e for s,e,_ in spans): ph_hit+=1
        else: misses.append((d['id'],p))
print(f"items {len(items)}: distancing or vague promise tp={tp} fp={fp} fn={fn} tn={tn} precision={tp/max(1,tp+fp):.2f} recall={tp/max(1,tp+fn):.2f}")
print(f"labelled phrases covered: {ph_hit}/{ph_tot}")
if '-v' in sys.argv:
    print("FALSE POSITIVES"); [print(' ',x) for x in fps]
    print("MISSED PHRASES"); [print(' ',x) for x in misses]

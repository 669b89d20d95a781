#!/usr/bin/env python3
"""Xapian's defaults on pactgraph's judged sets, for comparison.

Indexes exactly the records pactgraph indexes (passages and entities, as
`go run ./bench/dumpdocs` writes them) with Xapian's defaults: the English
stemmer (STEM_SOME), BM25, a QueryParser with default OR, and spelling
data gathered at index time, the query corrected when the parser offers a
correction. Then it scores each judged set the way graph/relevance_test.go
does: MRR@10 (first hit graded 2 or more) and nDCG@5 (gains 2^grade-1, the
ideal from the judgments), per split and kind.

    python3 bench/xapian/compare.py --essay essay.ndjson --treaties treaties.ndjson

Needs Debian's python3-xapian. `make xapian` runs the whole comparison.
"""
import argparse
import json
import math
import sys
import tempfile

import xapian

KINDS = ["keyword", "phrase", "misspelling", "synonym", "paraphrase", "alias",
         "question", "entity", "article", "word-form"]


def load_records(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def build_index(records, path):
    """A database at path (on disk: the in-memory backend keeps no
    spelling data), every record one document, its text the name,
    aliases, heading and body, as pactgraph's searchable fields."""
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    tg.set_database(db)
    tg.set_flags(xapian.TermGenerator.FLAG_SPELLING)
    for r in records:
        doc = xapian.Document()
        tg.set_document(doc)
        for text in [r.get("name"), *(r.get("aliases") or []), r.get("heading"), r.get("body")]:
            if text:
                tg.index_text(text)
                tg.increase_termpos()
        doc.set_data(r["id"])
        doc.add_boolean_term("Q" + r["id"])
        db.add_document(doc)
    db.commit()
    return db


def search(db, text, k=10):
    """The top k ids for text, with the parser's spelling correction used
    when it offers one; returns the ids and the query actually run."""
    qp = xapian.QueryParser()
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_OR)
    flags = xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_SPELLING_CORRECTION
    query = qp.parse_query(text, flags)
    corrected = qp.get_corrected_query_string()
    if corrected:
        text = corrected.decode("utf-8") if isinstance(corrected, bytes) else corrected
        query = qp.parse_query(text, flags)
    enq = xapian.Enquire(db)
    enq.set_weighting_scheme(xapian.BM25Weight())
    enq.set_query(query)
    return [m.document.get_data().decode("utf-8") for m in enq.get_mset(0, k)], text


def resolve(queries, records):
    """Turns treaty judgments (document path and snippet, or an id) into
    ids, as the Go test does: a snippet must match exactly one passage of
    its document, whitespace runs counting as one space."""
    by_path = {}
    for r in records:
        if r.get("path"):
            by_path.setdefault(r["path"], []).append((r["id"], " ".join(r.get("body", "").split())))
    for q in queries:
        if isinstance(q["judgments"], dict):
            continue
        grades = {}
        for j in q["judgments"]:
            rid = j.get("id")
            if j.get("doc"):
                want = " ".join(j["snippet"].split())
                found = [pid for pid, body in by_path.get(j["doc"], []) if want in body]
                if len(found) != 1:
                    sys.exit(f"{q['id']}: snippet {j['snippet']!r} matches {len(found)} passages of {j['doc']}")
                rid = found[0]
            grades[rid] = max(grades.get(rid, 0), j["grade"])
        q["judgments"] = grades


def ndcg5(hits, judgments):
    gain = lambda g: 2 ** g - 1
    dcg = sum(gain(judgments.get(h, 0)) / math.log2(i + 2) for i, h in enumerate(hits[:5]))
    ideal = sum(gain(g) / math.log2(i + 2) for i, g in enumerate(sorted(judgments.values(), reverse=True)[:5]))
    return dcg / ideal if ideal else 0.0


def rr10(hits, judgments):
    for i, h in enumerate(hits[:10]):
        if judgments.get(h, 0) >= 2:
            return 1 / (i + 1)
    return 0.0


def measure(db, queries):
    """Per split, per kind and overall: [count, sum RR, sum nDCG]; and the
    answerable queries that found nothing."""
    table, empty = {}, []
    for q in queries:
        if not q["judgments"]:
            continue
        hits, ran = search(db, q["query"])
        if not hits:
            empty.append(q["id"])
        rr, nd = rr10(hits, q["judgments"]), ndcg5(hits, q["judgments"])
        for key in ((q["split"], q["kind"]), (q["split"], "overall")):
            row = table.setdefault(key, [0, 0.0, 0.0])
            row[0] += 1
            row[1] += rr
            row[2] += nd
    return table, empty


def print_table(name, table, empty):
    labels = {"dev": "dev (tuned on)", "test": "test (held out)"}
    for split in ("dev", "test"):
        print(f"\nXapian, {name}, {labels[split]}")
        print(f"{'kind':<12}{'queries':>8}{'MRR@10':>8}{'nDCG@5':>8}")
        for kind in KINDS + ["overall"]:
            row = table.get((split, kind))
            if row:
                n, rr, nd = row
                print(f"{kind:<12}{n:>8}{rr / n:>8.3f}{nd / n:>8.3f}")
    print(f"answerable queries with no hit: {len(empty)} {empty}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--essay", help="dump of the embedded corpus (go run ./bench/dumpdocs)")
    ap.add_argument("--treaties", help="dump with the treaty texts (go run ./bench/dumpdocs -corpus DIR)")
    ap.add_argument("--queries", default="graph/testdata/relevance", help="directory of the judged sets")
    args = ap.parse_args()
    sets = [("essay", args.essay, "queries.json"), ("treaties", args.treaties, "treaties.json")]
    if not any(dump for _, dump, _ in sets):
        ap.error("give --essay, --treaties or both")
    print(f"Xapian {xapian.version_string()}")
    for name, dump, file in sets:
        if not dump:
            continue
        records = load_records(dump)
        with open(f"{args.queries}/{file}", encoding="utf-8") as f:
            queries = json.load(f)["queries"]
        resolve(queries, records)
        with tempfile.TemporaryDirectory() as tmp:
            table, empty = measure(build_index(records, tmp + "/db"), queries)
        print_table(name, table, empty)


if __name__ == "__main__":
    main()

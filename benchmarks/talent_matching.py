"""Held-out evaluation of talent matching on person-like profiles cut from the real
State Key Laboratory list (``demo/data/labs/PubSKLMost.csv.gz``, 509 labs).

    PYTHONPATH=src .venv/bin/python benchmarks/talent_matching.py [--hybrid]

How the set is built (deterministic, no sampling):

* each distinct lab name is stripped of "国家重点实验室" and segmented with jieba
  (precise mode); connectives and generic words (与 及 和 的 、 技术 研究 工程 科学 联合
  创新 国家 重点 实验室 高效 利用 开发) are dropped; labs left with fewer than 2 topic
  words are skipped;
* the topic words are split by position: even positions go to the **profile** (its
  skills), odd positions to the **query**, so a query shares no topic word of its
  target's name. The profile also has the lab's area as its field (as the platform's
  index makes the fields the title) and the host institution as its organisation; the
  query (a talent demand's text) is its topic words plus the area word — the demand's
  field;
* judgements: the profile cut from the same lab is relevant with grade 2; profiles of
  other labs whose *full* name contains one of the query's topic words are grade 1
  (another lab working on that very topic).

Documents are built exactly as ``innofield.talent.index.document`` builds them (title
from the fields, the skills and organisation as extra fields). Reports nDCG@10 and
recall@10 (of the grade-2 target, and of all judged) for BM25 — the engine the platform
runs — and, with ``--hybrid``, for the hybrid with the bundled multilingual e5-small.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from pathlib import Path

from innofield.matching import Document, MatchEngine
from innofield.matching.evaluation import ndcg_at_k, recall_at_k

DATA = Path(__file__).resolve().parents[1] / "src/innofield/demo/data/labs/PubSKLMost.csv.gz"
DROP = {
    "与",
    "及",
    "和",
    "的",
    "、",
    "（",
    "）",
    "(",
    ")",
    "技术",
    "研究",
    "工程",
    "科学",
    "联合",
    "创新",
    "国家",
    "重点",
    "实验室",
    "高效",
    "利用",
    "开发",
    "及其",
    "应用",
    "",
    " ",
}


def labs() -> list[dict[str, str]]:
    """Distinct labs (first listing of each name)."""
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(io.StringIO(fh.read())))
    seen: dict[str, dict[str, str]] = {}
    for r in rows:
        seen.setdefault(r["name"].strip(), r)
    return list(seen.values())


def build(
    with_org: bool = True,
) -> tuple[list[Document], dict[str, str], dict[str, dict[str, int]]]:
    """Profiles, queries and graded judgements (see the module docstring); without
    ``with_org`` the profiles leave out the host institution."""
    import jieba

    jieba.setLogLevel(60)
    docs, queries, judged = [], {}, {}
    names: dict[str, str] = {}
    for i, lab in enumerate(labs()):
        topic = lab["name"].replace("国家重点实验室", "")
        words = [w for w in jieba.lcut(topic) if w.strip() not in DROP]
        if len(words) < 2:
            continue
        pid = f"p{i}"
        held, asked = words[0::2], words[1::2]
        docs.append(
            Document(
                id=pid,
                title=lab["area"] or "研究",
                text="",
                fields={
                    "name": f"研究员{i}",
                    "skills": " ".join(held),
                    "organization": lab["institution"] if with_org else "",
                },
            )
        )
        queries[pid] = " ".join(asked + ([lab["area"]] if lab["area"] else []))
        names[pid] = topic
    for qid, query in queries.items():
        asked = query.split()[:-1] if len(query.split()) > 1 else query.split()
        grades = {
            pid: 1 for pid, topic in names.items() if pid != qid and any(w in topic for w in asked)
        }
        grades[qid] = 2
        judged[qid] = grades
    return docs, queries, judged


def evaluate(
    engine: MatchEngine, queries: dict[str, str], judged: dict[str, dict[str, int]]
) -> dict[str, float]:
    """Mean nDCG@10, recall@10 of the target and of all judged profiles."""
    nd, rt, ra = [], [], []
    for qid, query in queries.items():
        ranking = [r.id for r in engine.search(query, k=10, explain=False)]
        nd.append(ndcg_at_k(ranking, judged[qid], 10))
        rt.append(1.0 if qid in ranking else 0.0)
        ra.append(recall_at_k(ranking, judged[qid], 10))
    n = len(nd)
    return {
        "ndcg@10": sum(nd) / n,
        "target_recall@10": sum(rt) / n,
        "judged_recall@10": sum(ra) / n,
    }


def main(argv: list[str] | None = None) -> None:
    """Print the set's size and the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hybrid", action="store_true", help="also the hybrid with e5-small")
    args = parser.parse_args(argv)
    docs, queries, judged = build()
    grade1 = sum(len(g) - 1 for g in judged.values()) / len(judged)
    print(f"profiles {len(docs)}, queries {len(queries)}, grade-1 profiles per query {grade1:.2f}")
    print("example:", docs[3], "| query:", queries[docs[3].id])
    area = {d.id: d.title for d in docs}
    peers = {a: sum(1 for x in area.values() if x == a) for a in set(area.values())}
    chance = sum(min(1.0, 10 / peers[area[q]]) for q in queries) / len(queries)
    print(f"chance of the target in a random top 10 of its area's profiles: {chance:.4f}")
    bm25 = MatchEngine(mode="bm25").fit(docs)
    print("bm25  ", {k: round(v, 4) for k, v in evaluate(bm25, queries, judged).items()})
    docs_bare, _, _ = build(with_org=False)
    bare = MatchEngine(mode="bm25").fit(docs_bare)
    print(
        "bm25 without organisation",
        {k: round(v, 4) for k, v in evaluate(bare, queries, judged).items()},
    )
    if args.hybrid:
        from innofield.matching.encoders import make_encoder

        hybrid = MatchEngine(mode="hybrid", encoder=make_encoder("e5-small"), rescorer="none").fit(
            docs
        )
        print("hybrid", {k: round(v, 4) for k, v in evaluate(hybrid, queries, judged).items()})


if __name__ == "__main__":
    sys.exit(main())

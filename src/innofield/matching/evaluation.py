"""BEIR-format readers, ranking metrics (nDCG, recall, MRR) and TREC run output.

The metrics follow pytrec_eval as BEIR uses it: nDCG with linear gains (the
qrels grade) and an ideal ranking built from all judged documents; recall over
documents with a grade > 0; reciprocal rank of the first relevant document.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from innofield.matching.types import Document

__all__ = [
    "BeirFormatError",
    "load_corpus",
    "load_queries",
    "load_qrels",
    "ndcg_at_k",
    "recall_at_k",
    "mrr_at_k",
    "write_trec_run",
]

Qrels = dict[str, dict[str, int]]


class BeirFormatError(ValueError):
    """A BEIR file is malformed; the message names the file, the line and the problem."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


def _jsonl(path: Path) -> Iterable[tuple[int, dict[str, object]]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise BeirFormatError(path, 0, f"cannot open file ({exc.strerror})") from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BeirFormatError(path, number, f"invalid JSON ({exc.msg})") from exc
            if not isinstance(obj, dict):
                raise BeirFormatError(path, number, "expected a JSON object")
            if not isinstance(obj.get("_id"), str | int) or str(obj["_id"]) == "":
                raise BeirFormatError(path, number, 'missing or empty "_id"')
            yield number, obj


def load_corpus(path: Path) -> list[Document]:
    """Read a BEIR corpus.jsonl (``_id``, ``title``, ``text``) into documents."""
    docs: list[Document] = []
    seen: set[str] = set()
    for number, obj in _jsonl(path):
        doc_id = str(obj["_id"])
        if doc_id in seen:
            raise BeirFormatError(path, number, f'duplicate "_id" {doc_id!r}')
        seen.add(doc_id)
        title, text = obj.get("title") or "", obj.get("text") or ""
        if not isinstance(title, str) or not isinstance(text, str):
            raise BeirFormatError(path, number, '"title" and "text" must be strings')
        docs.append(Document(id=doc_id, title=title, text=text))
    if not docs:
        raise BeirFormatError(path, 0, "corpus is empty")
    return docs


def load_queries(path: Path) -> dict[str, str]:
    """Read a BEIR queries.jsonl (``_id``, ``text``) into ``{query id: text}``."""
    queries: dict[str, str] = {}
    for number, obj in _jsonl(path):
        text = obj.get("text")
        if not isinstance(text, str):
            raise BeirFormatError(path, number, 'missing "text" string')
        queries[str(obj["_id"])] = text
    return queries


def load_qrels(path: Path) -> Qrels:
    """Read a BEIR qrels TSV with the header ``query-id corpus-id score``."""
    qrels: Qrels = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BeirFormatError(path, 0, f"cannot read file ({exc})") from exc
    if not lines or lines[0].split("\t")[:2] != ["query-id", "corpus-id"]:
        raise BeirFormatError(path, 1, "expected header 'query-id<TAB>corpus-id<TAB>score'")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise BeirFormatError(
                path, number, f"expected 3 tab-separated columns, got {len(parts)}"
            )
        try:
            grade = int(float(parts[2]))
        except ValueError:
            raise BeirFormatError(path, number, f"score {parts[2]!r} is not a number") from None
        qrels.setdefault(parts[0], {})[parts[1]] = grade
    if not qrels:
        raise BeirFormatError(path, 2, "no judgements")
    return qrels


def ndcg_at_k(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k with linear gains; 0 when the query has no relevant document."""
    dcg = sum(judged.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranking[:k]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 2) for rank, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at_k(ranking: Sequence[str], judged: Mapping[str, int], k: int = 100) -> float:
    """Share of the relevant documents (grade > 0) found in the top k."""
    relevant = {d for d, g in judged.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def mrr_at_k(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """Reciprocal rank of the first relevant document within the top k (else 0)."""
    for rank, doc in enumerate(ranking[:k], start=1):
        if judged.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0


def write_trec_run(
    path: Path, runs: Mapping[str, Sequence[tuple[str, float]]], tag: str = "innofield"
) -> None:
    """Write ``qid Q0 docid rank score tag`` lines, ranks starting at 1."""
    with path.open("w", encoding="utf-8") as out:
        for qid, ranked in runs.items():
            for rank, (doc, score) in enumerate(ranked, start=1):
                out.write(f"{qid} Q0 {doc} {rank} {score:.6f} {tag}\n")

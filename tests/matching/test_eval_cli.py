"""The eval CLI end to end on a tiny BEIR collection whose metrics are computed by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from innofield.matching.cli import eval_matching

app = typer.Typer()
eval_app = typer.Typer()
eval_app.command("matching")(eval_matching)
app.add_typer(eval_app, name="eval")

CORPUS = [
    {"_id": "d1", "title": "Perovskite solar cells", "text": "thin films for photovoltaics"},
    {
        "_id": "d2",
        "title": "Lithium battery recycling",
        "text": "a lithium battery recycling plant",
    },
    {"_id": "d3", "title": "Paper", "text": "recycling of paper and cardboard"},
    {"_id": "d4", "title": "Wind turbines", "text": "blade design for offshore wind"},
]
QUERIES = [
    {"_id": "q1", "text": "perovskite solar"},
    {"_id": "q2", "text": "lithium battery recycling"},
    {"_id": "q3", "text": "offshore wind"},  # not judged: must not be evaluated
]
QRELS = "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t1\n"


@pytest.fixture
def beir(tmp_path: Path) -> dict[str, Path]:
    paths = {n: tmp_path / f"{n}.jsonl" for n in ("corpus", "queries")}
    paths["corpus"].write_text("\n".join(json.dumps(r) for r in CORPUS) + "\n")
    paths["queries"].write_text("\n".join(json.dumps(r) for r in QUERIES) + "\n")
    paths["qrels"] = tmp_path / "qrels.tsv"
    paths["qrels"].write_text(QRELS)
    return paths


def _args(beir: dict[str, Path], *extra: str) -> list[str]:
    return ["eval", "matching", "--corpus", str(beir["corpus"]), "--queries",
            str(beir["queries"]), "--qrels", str(beir["qrels"]), *extra]  # fmt: skip


def test_metrics_match_a_hand_computation(beir: dict[str, Path], tmp_path: Path) -> None:
    run = tmp_path / "run.trec"
    result = CliRunner().invoke(app, _args(beir, "--mode", "bm25", "--run-out", str(run)))
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    # q1: d1 first (nDCG 1, RR 1). q2: d2 matches all three words, d3 only
    # "recycling", so the relevant d3 is second: nDCG = 1/log2(3), RR = 1/2.
    assert figures["ndcg@10"] == pytest.approx((1 + 1 / math.log2(3)) / 2, abs=1e-4)
    assert figures["mrr@10"] == pytest.approx(0.75)
    assert figures["recall@100"] == pytest.approx(1.0)
    assert figures["queries"] == 2 and figures["docs"] == 4
    for key in ("index_seconds", "query_ms_p50", "query_ms_p95"):
        assert figures[key] >= 0
    lines = [line.split() for line in run.read_text().splitlines()]
    assert lines[0] == ["q1", "Q0", "d1", "1", lines[0][4], "innofield-bm25"]
    assert [row[2] for row in lines if row[0] == "q2"][:2] == ["d2", "d3"]
    assert {row[0] for row in lines} == {"q1", "q2"}


def test_the_largest_cut_off_is_accepted(beir: dict[str, Path]) -> None:
    result = CliRunner().invoke(app, _args(beir, "--mode", "bm25", "--k", "1000"))
    assert result.exit_code == 0, result.output
    assert "ndcg@1000" in json.loads(result.stdout.strip().splitlines()[-1])


def test_perfect_ranking_scores_one(beir: dict[str, Path]) -> None:
    beir["qrels"].write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t2\n")
    result = CliRunner().invoke(app, _args(beir, "--mode", "bm25", "--k", "1"))
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["ndcg@10"] == 1.0 and figures["mrr@10"] == 1.0 and figures["ndcg@1"] == 1.0


def test_a_document_with_the_query_id_is_left_out_as_in_beir(
    beir: dict[str, Path], tmp_path: Path
) -> None:
    # ArguAna-style: the query is itself in the corpus under its own id.
    corpus = [*CORPUS, {"_id": "q2", "title": "", "text": "lithium battery recycling"}]
    beir["corpus"].write_text("\n".join(json.dumps(r) for r in corpus) + "\n")
    run = tmp_path / "run.trec"
    result = CliRunner().invoke(app, _args(beir, "--mode", "bm25", "--run-out", str(run)))
    assert result.exit_code == 0, result.output
    assert "1 queries found their own id" in result.stderr
    q2 = [row.split()[2] for row in run.read_text().splitlines() if row.startswith("q2 ")]
    assert q2[:2] == ["d2", "d3"] and "q2" not in q2
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["mrr@10"] == pytest.approx(0.75)  # as without the copy: d3 second for q2

    kept = CliRunner().invoke(
        app, _args(beir, "--mode", "bm25", "--run-out", str(run), "--keep-identical-ids")
    )
    assert kept.exit_code == 0, kept.output
    q2 = [row.split()[2] for row in run.read_text().splitlines() if row.startswith("q2 ")]
    assert q2[:3] == ["d2", "q2", "d3"]  # the copy matches all three words: d3 drops to third
    assert json.loads(kept.stdout.strip().splitlines()[-1])["mrr@10"] == pytest.approx(
        (1 + 1 / 3) / 2, abs=1e-4
    )


@pytest.mark.parametrize(
    ("target", "content", "message"),
    [
        ("corpus", '{"_id": "d1", "title": "x"}\n{not json\n', "corpus.jsonl:2: invalid JSON"),
        ("queries", '{"text": "no id"}\n', 'queries.jsonl:1: missing or empty "_id"'),
        ("qrels", "q1\td1\t1\n", "qrels.tsv:1: expected header"),
        ("qrels", "query-id\tcorpus-id\tscore\nq1\td1\n", "qrels.tsv:2: expected 3"),
        ("qrels", "query-id\tcorpus-id\tscore\nq1\td1\thigh\n", "qrels.tsv:2: score 'high'"),
    ],
)
def test_malformed_files_fail_with_one_clear_line(
    beir: dict[str, Path], target: str, content: str, message: str
) -> None:
    beir[target].write_text(content)
    result = CliRunner().invoke(app, _args(beir, "--mode", "bm25"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_unknown_mode_is_rejected(beir: dict[str, Path]) -> None:
    result = CliRunner().invoke(app, _args(beir, "--mode", "fuzzy"))
    assert result.exit_code == 2 and "--mode: unknown mode 'fuzzy'" in result.stderr


def test_unknown_precision_is_rejected(beir: dict[str, Path]) -> None:
    result = CliRunner().invoke(app, _args(beir, "--mode", "bm25", "--precision", "fp16"))
    assert result.exit_code == 2 and "--precision: expected one of" in result.stderr


def test_unknown_fusion_is_rejected(beir: dict[str, Path]) -> None:
    result = CliRunner().invoke(app, _args(beir, "--fusion", "max"))
    assert result.exit_code == 2 and "--fusion: unknown fusion 'max'" in result.stderr


def test_naive_rrf_baseline_runs_from_the_cli(beir: dict[str, Path], tmp_path: Path) -> None:
    run = tmp_path / "run.trec"
    result = CliRunner().invoke(app, _args(beir, "--fusion", "rrf", "--run-out", str(run)))
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["mode"] == "hybrid" and figures["fusion"] == "rrf"
    first = run.read_text().splitlines()[0].split()
    # d1 is first for "perovskite solar" in both lists: 1/(60+1) + 1/(60+1)
    assert first[:4] == ["q1", "Q0", "d1", "1"] and first[5] == "innofield-hybrid-rrf"
    assert float(first[4]) == pytest.approx(2 / 61, abs=1e-6)

"""Reports a bureau files: the evaluation report and the annual regional report, as HTML
and as PDF typeset with a Chinese font — the PDF opens, its first page renders to PNG and
carries the title, in Chinese and in English; from the pages, the API and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.dashboards.conftest import observatory, provinces  # noqa: F401 - fixtures
from tests.policies.test_evaluations import run, submit
from typer.testing import CliRunner

from innofield.policies import reports

PDF_PROBLEM = reports.pdf_problem()
needs_pdf = pytest.mark.skipif(PDF_PROBLEM is not None, reason=str(PDF_PROBLEM))
TITLES = {"zh": "政策评估报告", "en": "Policy evaluation report"}
ANNUAL = {"zh": "区域创新报告", "en": "Regional innovation report"}


def first_page(pdf: bytes, png: Path) -> str:
    """Render page 1 of ``pdf`` to ``png`` and return its text (the PDF must open)."""
    import pypdfium2 as pdfium

    assert pdf.startswith(b"%PDF-")
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) >= 1
    page = doc[0]
    image = page.render(scale=1).to_pil()
    image.save(png)
    assert image.size[0] > 500 and image.convert("L").getextrema()[0] < 80  # ink on it
    text = page.get_textpage().get_text_range()
    doc.close()
    return str(text)


def fonts_of_first_page(pdf: bytes) -> set[str]:
    """The names of the fonts the first page's text is set in."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(pdf)
    text = doc[0].get_textpage()
    names, buf, flags = set(), ctypes.create_string_buffer(256), ctypes.c_int()
    for i in range(text.count_chars()):
        raw.FPDFText_GetFontInfo(text.raw, i, buf, 256, ctypes.byref(flags))
        names.add(buf.value.decode())
    doc.close()
    return names


@needs_pdf
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_evaluation_pdf_opens_with_its_title(
    panel_world: Any, lang: str, tmp_path: Path
) -> None:
    row = run(submit(panel_world))
    client = Client()
    client.force_login(panel_world.officer)
    response = client.get(f"/policies/evaluations/{row.pk}/report/?format=pdf&lang={lang}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"evaluation-{row.pk}-{lang}.pdf" in response["Content-Disposition"]
    text = first_page(response.content, tmp_path / "page1.png")
    assert TITLES[lang] in text.replace("\r\n", " ").replace("\n", " ")
    assert "Vouchers and the test outcome" in text.replace("\r\n", " ").replace("\n", " ")
    # the issuer is named in Chinese: set in an embedded CJK font, not boxes
    assert any("CJK" in f for f in fonts_of_first_page(response.content))


def test_html_reports_and_refusals(panel_world: Any) -> None:
    row = run(submit(panel_world))
    client = Client()
    client.force_login(panel_world.officer)
    for lang in ("zh", "en"):
        html = client.get(f"/policies/evaluations/{row.pk}/report/?format=html&lang={lang}")
        assert html.status_code == 200
        assert f'<html lang="{reports.LANGS[lang]}"' in html.content.decode()
        assert "<svg" in html.content.decode()
    bad = client.get(f"/policies/evaluations/{row.pk}/report/?format=pdf&lang=fr")
    assert bad.status_code == 302  # back to the results page, with the reason
    assert "lang" in str(list(bad.wsgi_request._messages)[0])  # type: ignore[attr-defined]


@needs_pdf
def test_the_cli_writes_the_evaluation_report(panel_world: Any, tmp_path: Path) -> None:
    from innofield.cli import app

    row = run(submit(panel_world))
    out = tmp_path / "r" / "evaluation.pdf"
    res = CliRunner().invoke(
        app, ["report", "evaluation", str(row.pk), "--lang", "en", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output.strip().splitlines()[-1])
    assert summary["bytes"] == out.stat().st_size and summary["lang"] == "en"
    assert TITLES["en"] in first_page(out.read_bytes(), tmp_path / "p.png")
    missing = CliRunner().invoke(app, ["report", "evaluation", "999", "--out", str(out)])
    assert missing.exit_code == 1 and "no evaluation 999" in missing.output
    html = CliRunner().invoke(
        app, ["report", "evaluation", str(row.pk), "--format", "html", "--out", str(out)]
    )
    assert html.exit_code == 0 and out.read_bytes().startswith(b"<!DOCTYPE html>")


@needs_pdf
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_annual_report(observatory: Any, api: Any, lang: str, tmp_path: Path) -> None:  # noqa: F811
    from innofield.cli import app

    year = observatory.__dict__.get("year", 2022)
    response = api(None).get("/api/reports/annual", region="320000", year=year, lang=lang)
    assert response.status_code == 200, response.content
    text = first_page(response.content, tmp_path / "annual.png")
    assert ANNUAL[lang] in text and str(year) in text
    assert ("江苏" if lang == "zh" else "Jiangsu") in text
    html = api(None).get(
        "/api/reports/annual", region="320000", year=year, lang=lang, format="html"
    )
    assert b"<table>" in html.content
    bad = api(None).get("/api/reports/annual", region="CN", year=year)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "region"
    out = tmp_path / "annual.html"
    res = CliRunner().invoke(
        app,
        ["report", "annual", "--region", "320000", "--year", str(year), "--format", "html",
         "--lang", lang, "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert out.read_text().count("<h2>") == 5
    page = Client().get(
        f"/policies/annual-report/?region=320000&year={year}&format=pdf&lang={lang}"
    )
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"


def test_the_annual_report_before_the_observatory_is_computed(world: Any, api: Any) -> None:
    response = api(None).get("/api/reports/annual", region="320000", year=2022, format="html")
    assert response.status_code == 404 and "dashboards refresh" in response.json()["detail"]
    page = Client().get("/policies/annual-report/?region=320000&year=2022&format=html&lang=en")
    assert page.status_code == 422 and "dashboards refresh" in page.content.decode()
    assert Client().get("/policies/annual-report/").status_code == 200

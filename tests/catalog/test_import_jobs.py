"""Large catalog imports run as background jobs with progress; small ones stay synchronous."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from typer.testing import CliRunner

from innofield.catalog import imports
from innofield.catalog.models import Demand, Item
from innofield.cli import app
from innofield.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "kind,title,owner,trl,keywords\n"
THRESHOLD = 5


def _csv(n: int, bad_row: int | None = None) -> bytes:
    """``n`` item rows; file row ``bad_row`` (the header is row 1) has an impossible TRL."""
    lines = [HEADER]
    for i in range(n):
        trl = "12" if bad_row == i + 2 else str(1 + i % 9)
        lines.append(f"technology,Imported technology {i},LAB,{trl},thermal\n")
    return "".join(lines).encode()


@pytest.fixture(autouse=True)
def _small_threshold(settings: Any, tmp_path: Path) -> None:
    """Files of more than five rows go to the queue; every progress report is written."""
    settings.INNOFIELD_IMPORT_BACKGROUND_ROWS = THRESHOLD
    settings.INNOFIELD_JOBS_PROGRESS_INTERVAL = 0
    settings.INNOFIELD_JOBS_RETRY_BACKOFF = 0
    settings.DATA_DIR = tmp_path


@pytest.fixture
def work() -> Any:
    """Run the database backend's worker in this process until the queue is empty."""
    from innofield.jobs.worker import run_worker

    return lambda: run_worker(burst=True, interval=0)


@pytest.fixture
def reports(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int | None, str]]:
    """Every progress report the import job writes, in order."""
    from innofield.jobs import actions as job_actions

    seen: list[tuple[int, int | None, str]] = []
    real = job_actions.report_progress

    def spy(job: Job, *, done: int, total: int | None, message: str) -> None:
        seen.append((done, total, message))
        real(job, done=done, total=total, message=message)

    monkeypatch.setattr(job_actions, "report_progress", spy)
    return seen


def _upload(client: Any, content: bytes, name: str = "items.csv") -> Any:
    return client.client.post(
        "/api/items/import",
        {"file": SimpleUploadedFile(name, content)},
        headers=client.headers,
    )


def _web(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_small_import_is_still_synchronous(world: NS, api: Any) -> None:
    response = _upload(api(world.labber), _csv(THRESHOLD))
    assert response.status_code == 200, response.content
    assert response.json()["created"] == THRESHOLD
    assert Item.objects.count() == THRESHOLD and not Job.objects.exists()


def test_a_large_import_is_queued_run_by_the_worker_with_progress(
    world: NS, api: Any, work: Any, reports: list[Any]
) -> None:
    labber = api(world.labber)
    response = _upload(labber, _csv(12))
    assert response.status_code == 202, response.content
    queued = response.json()
    assert queued["state"] == "queued" and queued["rows"] == 12
    assert queued["url"] == f"/api/jobs/{queued['job']}"
    assert not Item.objects.exists(), "nothing is written before the worker runs it"
    stored = list(imports.upload_dir().iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == _csv(12)

    work()

    job = labber.get(f"/api/jobs/{queued['job']}").json()
    assert job["state"] == "succeeded", job
    assert job["kind"] == "catalog.import" and job["owner"] == "labber"
    assert job["result"] == {"rows": 12, "created": 12, "skipped": 0, "errors": []}
    assert (job["progress_done"], job["progress_total"]) == (24, 24) and job["percent"] == 100
    assert Item.objects.filter(owner__code="LAB").count() == 12
    checking = [r for r in reports if r[2].startswith("checking row")]
    assert [r[0] for r in checking] == list(range(12)) and {r[1] for r in checking} == {24}
    assert reports[-2] == (12, 24, "writing 12 rows in one transaction")
    assert reports[-1] == (24, 24, "12 rows written")
    assert not list(imports.upload_dir().iterdir()), "the stored file is removed once imported"


def test_a_bad_row_refuses_the_whole_queued_import_naming_row_and_field(
    world: NS, api: Any, work: Any
) -> None:
    labber = api(world.labber)
    queued = _upload(labber, _csv(12, bad_row=9)).json()
    work()
    job = labber.get(f"/api/jobs/{queued['job']}").json()
    assert job["state"] == "failed" and job["attempts"] == 1, "refused input is not retried"
    assert "items.csv:9: trl" in job["error"]
    assert job["result"]["created"] == 0 and job["result"]["refused"] == 1
    assert job["result"]["errors"][0]["row"] == 9
    assert job["result"]["errors"][0]["field"] == "trl"
    assert not Item.objects.exists(), "all or nothing: the eleven good rows are not written"
    page = _web(world.labber).get(f"/catalog/import/{queued['job']}/").content.decode()
    assert '<td class="num">9</td><td><code>trl</code></td>' in page
    assert "hx-get" not in page, "a finished import stops polling"


def test_skip_bad_in_the_background_reports_the_refused_rows(
    world: NS, api: Any, work: Any
) -> None:
    client = api(world.labber)
    response = client.client.post(
        "/api/items/import",
        {"file": SimpleUploadedFile("items.csv", _csv(12, bad_row=4)), "skip_bad": "true"},
        headers=client.headers,
    )
    assert response.status_code == 202, response.content
    work()
    job = Job.objects.get(pk=response.json()["job"])
    assert job.state == "succeeded"
    assert job.result["created"] == 11 and job.result["skipped"] == 1
    assert (job.result["errors"][0]["row"], job.result["errors"][0]["field"]) == (4, "trl")
    assert Item.objects.count() == 11


def test_only_the_importer_sees_the_import_job(world: NS, api: Any, work: Any) -> None:
    queued = _upload(api(world.labber), _csv(8)).json()
    job_id = queued["job"]
    assert api(world.rivaler).get(f"/api/jobs/{job_id}").status_code == 404
    assert api(None).get(f"/api/jobs/{job_id}").status_code == 401
    assert _web(world.rivaler).get(f"/catalog/import/{job_id}/").status_code == 404
    assert _web(world.rivaler).get(f"/catalog/import/{job_id}/status/").status_code == 404
    assert Client().get(f"/catalog/import/{job_id}/").status_code == 302  # to log in
    assert _web(world.labber).get(f"/catalog/import/{job_id}/").status_code == 200
    # the kind cannot be submitted through the generic jobs API (it would name a stored file)
    refused = api(world.labber).post(
        "/api/jobs",
        {"kind": "catalog.import", "params": {"upload": "0" * 32 + ".csv", "file": "x.csv"}},
    )
    assert refused.status_code == 403
    # rows for an organization the importer does not belong to refuse the import, as owner
    stranger = _upload(api(world.firmer), _csv(8)).json()
    work()
    job = Job.objects.get(pk=stranger["job"])
    assert job.state == "failed" and "owner" in job.error
    assert Item.objects.count() == 8  # only the labber's import


def test_the_upload_page_runs_small_files_at_once_and_follows_large_ones(
    world: NS, work: Any
) -> None:
    client = _web(world.labber)
    form = client.get("/catalog/import/")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.content.decode()
    small = client.post(
        "/catalog/import/",
        {"file": SimpleUploadedFile("few.csv", _csv(3)), "target": "items"},
    )
    assert small.status_code == 200 and "Rows imported: 3." in small.content.decode()
    refused = client.post(
        "/catalog/import/",
        {"file": SimpleUploadedFile("few.csv", _csv(3, bad_row=3)), "target": "items"},
    )
    html = refused.content.decode()
    assert refused.status_code == 422 and "Nothing was imported" in html
    assert '<td class="num">3</td><td><code>trl</code></td>' in html
    assert Item.objects.count() == 3

    large = client.post(
        "/catalog/import/",
        {"file": SimpleUploadedFile("many.csv", _csv(9)), "target": "items"},
    )
    job = Job.objects.get(kind="catalog.import")
    assert large.status_code == 302 and large["Location"] == f"/catalog/import/{job.pk}/"
    page = client.get(large["Location"]).content.decode()
    assert "many.csv: 9 rows" in page and "<progress" in page
    assert f'hx-get="/catalog/import/{job.pk}/status/"' in page
    work()
    status = client.get(f"/catalog/import/{job.pk}/status/").content.decode()
    assert "Rows imported: 9." in status and 'value="100"' in status and "hx-get" not in status
    zh = client.get(
        f"/catalog/import/{job.pk}/", headers={"accept-language": "zh-hans"}
    ).content.decode()
    assert "导入到目录" in zh and "已导入行数：9。" in zh and "many.csv：9 行" in zh
    assert Item.objects.count() == 12


def test_demands_import_in_the_background_from_the_page(world: NS, work: Any) -> None:
    rows = "kind,title,owner\n" + "".join(f"technology,Need {i},FIRM\n" for i in range(7))
    client = _web(world.firmer)
    response = client.post(
        "/catalog/import/",
        {"file": SimpleUploadedFile("needs.csv", rows.encode()), "target": "demands"},
    )
    assert response.status_code == 302
    work()
    job = Job.objects.get(kind="catalog.import")
    assert job.state == "succeeded", job.error
    assert job.params["target"] == "demands" and job.result["created"] == 7
    assert Demand.objects.filter(owner__code="FIRM").count() == 7


def test_cli_runs_a_large_import_as_a_job_with_a_progress_bar(world: NS, tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_bytes(_csv(8))
    result = CliRunner().invoke(app, ["load", "items", str(path), "--as", "labber"])
    assert result.exit_code == 0, result.output
    assert '"created": 8' in result.output
    job = Job.objects.get(kind="catalog.import")
    assert job.state == "succeeded" and job.owner == world.labber
    path.write_bytes(_csv(8, bad_row=5))
    result = CliRunner().invoke(app, ["load", "items", str(path), "--as", "labber"])
    assert result.exit_code == 1 and "many.csv:5: trl" in result.output
    assert Item.objects.count() == 8
    queued = CliRunner().invoke(app, ["load", "items", str(path), "--as", "labber", "--background"])
    assert queued.exit_code == 0 and '"state": "queued"' in queued.output

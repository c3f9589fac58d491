"""Start-up functions of job kinds run when a worker starts, before its first job; the
computing app's loads the allocation solver's compiled kernel there."""

from __future__ import annotations

from typing import Any

import pytest

from innofield.jobs import registry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def startup(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """An empty list of start-up functions for the test (the apps' own are put back)."""
    functions: list[Any] = []
    monkeypatch.setattr(registry, "STARTUP", functions)
    return functions


def test_worker_runs_the_startup_functions_once_each_before_the_queue(
    startup: list[Any], work: Any
) -> None:
    calls: list[str] = []

    def first() -> None:
        calls.append("first")

    def second() -> None:
        calls.append("second")

    registry.on_worker_start(first)
    registry.on_worker_start(second)
    registry.on_worker_start(first)  # registered twice: kept once
    assert startup == [first, second]
    work()
    assert calls == ["first", "second"]


def test_a_failing_startup_function_is_logged_and_the_worker_still_starts(
    startup: list[Any], work: Any, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    def broken() -> None:
        raise RuntimeError("no kernel here")

    def after() -> None:
        calls.append("after")

    registry.on_worker_start(broken)
    registry.on_worker_start(after)
    with caplog.at_level("ERROR", logger="innofield.jobs.registry"):
        work()
    assert calls == ["after"]
    assert "broken failed" in caplog.text and "no kernel here" in caplog.text


def test_the_allocation_kernel_is_loaded_when_a_worker_starts(
    work: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from innofield.allocation import tabu_jit
    from innofield.computing.jobs import load_allocation_kernel

    assert load_allocation_kernel in registry.STARTUP
    loaded: list[float] = []
    real = tabu_jit.warm
    monkeypatch.setattr(tabu_jit, "warm", lambda: loaded.append(real()) or loaded[-1])
    work()
    assert len(loaded) == 1
    assert tabu_jit.ready()

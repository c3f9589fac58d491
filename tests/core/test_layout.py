"""The test tree's one naming pattern: ``tests/<app or library>/test_<topic>.py``, the folder
naming the app — so a test's file name never repeats it (``tests/vouchers/test_api.py``,
not ``tests/vouchers/test_vouchers_api.py``)."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_test_files_follow_one_pattern() -> None:
    misnamed = [
        str(f.relative_to(TESTS))
        for folder in TESTS.iterdir()
        if folder.is_dir() and not folder.name.startswith((".", "_"))
        for f in folder.glob("test_*.py")
        if f.name.startswith(f"test_{folder.name}_")
    ]
    stray = [f.name for f in TESTS.glob("test_*.py")]
    assert not misnamed, f"name these tests/<app>/test_<topic>.py: {misnamed}"
    assert not stray, f"tests belong in the folder of their app: {stray}"

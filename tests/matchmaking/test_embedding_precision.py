"""The platform's embedding-precision setting: used by the index, checked at start-up."""

from __future__ import annotations

import os
import subprocess
import sys

from django.test import override_settings

from innofield.matching import MiniLMEncoder
from innofield.matchmaking import index


def test_setting_chooses_the_document_precision_and_keeps_the_vector_key() -> None:
    with override_settings(INNOFIELD_EMBEDDING_PRECISION="fp32"):
        full = index._encoder()
        name = index.encoder_name()
    with override_settings(INNOFIELD_EMBEDDING_PRECISION="bf16"):
        half = index._encoder()
        assert index.encoder_name() == name  # stored vectors serve both precisions
    assert isinstance(full, MiniLMEncoder) and isinstance(half, MiniLMEncoder)
    assert (full.bf16, half.bf16) == (False, True)


def test_a_bad_value_stops_the_start_with_the_setting_named() -> None:
    env = {**os.environ, "INNOFIELD_EMBEDDING_PRECISION": "fp16"}
    done = subprocess.run(
        [sys.executable, "-c", "import innofield.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    expected = "INNOFIELD_EMBEDDING_PRECISION: expected one of fp32, bf16, auto, got 'fp16'"
    assert expected in done.stderr

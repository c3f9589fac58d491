"""innofield.matching — hybrid lexical + semantic matchmaking, framework-free.

    >>> from innofield.matching import Document, MatchEngine
    >>> engine = MatchEngine(mode="bm25").fit([Document("1", "Solar cells", "perovskite")])
    >>> engine.search("perovskite solar")[0].id
    '1'

See docs/matching.md for the method, the figures and the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from innofield.matching.analysis import Analyzer, detect_language
    from innofield.matching.encoders import E5SmallEncoder, EmbeddingCache, Encoder, MiniLMEncoder
    from innofield.matching.engine import FUSIONS, MODES, MatchEngine
    from innofield.matching.evaluation import BeirFormatError
    from innofield.matching.types import Document, Explanation, Result

__all__ = [
    "Analyzer",
    "BeirFormatError",
    "Document",
    "E5SmallEncoder",
    "EmbeddingCache",
    "Encoder",
    "Explanation",
    "FUSIONS",
    "MODES",
    "MatchEngine",
    "MiniLMEncoder",
    "Result",
    "detect_language",
]

#: Where each public name is defined; :func:`__getattr__` imports it from there.
_EXPORTS: dict[str, str] = {
    "Analyzer": "analysis",
    "detect_language": "analysis",
    "E5SmallEncoder": "encoders",
    "EmbeddingCache": "encoders",
    "Encoder": "encoders",
    "MiniLMEncoder": "encoders",
    "FUSIONS": "engine",
    "MODES": "engine",
    "MatchEngine": "engine",
    "BeirFormatError": "evaluation",
    "Document": "types",
    "Explanation": "types",
    "Result": "types",
}


def __getattr__(name: str) -> Any:
    """Import the submodule that defines ``name`` on first use (PEP 562): importing one
    submodule, as the CLI does, does not load torch and numpy."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value

"""innofield.matching — hybrid lexical + semantic matchmaking, framework-free.

    >>> from innofield.matching import Document, MatchEngine
    >>> engine = MatchEngine(mode="bm25").fit([Document("1", "Solar cells", "perovskite")])
    >>> engine.search("perovskite solar")[0].id
    '1'

See docs/matching.md for the method, the figures and the CLI.
"""

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

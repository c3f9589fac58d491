"""Text analysis: language detection by character class and tokenization.

English (and other Latin-script text) is lower-cased, split on word characters,
stripped of stop words and stemmed with the Snowball English stemmer (PyStemmer).
Chinese runs are segmented with jieba in search mode. Mixed zh/en text is split
into runs of CJK and non-CJK characters and each run gets its own analyzer, so
"基于BERT的专利检索" yields both Chinese words and the English stem "bert".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

__all__ = ["Analyzer", "detect_language"]

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_WORD = re.compile(r"(?u)\b\w\w+\b")
_LATIN_LETTER = re.compile(r"[A-Za-z]")

# Stop words as used by bm25s/scikit-learn's short English list.
EN_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)
ZH_STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "为",
        "对",
        "以",
        "等",
        "中",
        "其",
        "之",
        "于",
        "由",
        "被",
        "把",
        "将",
        "从",
        "向",
        "就",
        "也",
        "都",
        "而",
        "并",
        "个",
        "这",
        "那",
        "有",
        "我们",
        "你们",
        "他们",
        "一个",
        "一种",
        "进行",
        "可以",
        "通过",
        "以及",
        "相关",
        "方面",
    ]
)


def detect_language(text: str) -> str:
    """Return "zh", "en" or "mixed" from the share of CJK vs Latin characters."""
    cjk = len(_CJK_CHAR.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if cjk and latin:
        return (
            "mixed" if min(cjk, latin) / max(cjk, latin) > 0.05 else ("zh" if cjk > latin else "en")
        )
    return "zh" if cjk else "en"


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    """Import jieba lazily (its dictionary loads on first use) and quiet its logger."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


class Analyzer:
    """Turns text into index terms; the same analyzer must serve documents and queries.

    Parameters are stored unchanged (scikit-learn style): ``stem`` switches the
    English stemmer, ``stopwords`` removes the stop-word lists above.
    """

    def __init__(self, stem: bool = True, stopwords: bool = True) -> None:
        self.stem = stem
        self.stopwords = stopwords
        self._stemmer = Stemmer.Stemmer("english")
        self._cache: dict[str, str] = {}

    def _stem(self, word: str) -> str:
        hit = self._cache.get(word)
        if hit is None:
            hit = self._stemmer.stemWord(word) if self.stem else word
            if len(self._cache) < 500_000:
                self._cache[word] = hit
        return hit

    def _latin(self, text: str) -> list[str]:
        words = _WORD.findall(text.lower())
        if self.stopwords:
            words = [w for w in words if w not in EN_STOPWORDS]
        return [self._stem(w) for w in words]

    def _chinese(self, text: str) -> list[str]:
        words = _jieba().lcut_for_search(text)
        out = [w for w in words if w.strip()]
        if self.stopwords:
            out = [w for w in out if w not in ZH_STOPWORDS]
        return out

    def tokenize(self, text: str) -> list[str]:
        """Return the index terms of ``text`` (order kept, duplicates kept)."""
        if not _CJK_CHAR.search(text):
            return self._latin(text)
        tokens: list[str] = []
        pos = 0
        for match in _CJK_RUN.finditer(text):
            if match.start() > pos:
                tokens.extend(self._latin(text[pos : match.start()]))
            tokens.extend(self._chinese(match.group()))
            pos = match.end()
        if pos < len(text):
            tokens.extend(self._latin(text[pos:]))
        return tokens

    def tokenize_many(self, texts: Iterable[str]) -> list[list[str]]:
        """Tokenize several texts."""
        return [self.tokenize(t) for t in texts]

    def surface_forms(self, text: str) -> dict[str, str]:
        """Map each term of ``text`` to the first word it came from (for explanations).

        The keys are exactly the terms :meth:`tokenize` yields for ``text``.
        """
        forms: dict[str, str] = {}
        for piece in _CJK_RUN.split(text):
            for word in _WORD.findall(piece.lower()):
                if not (self.stopwords and word in EN_STOPWORDS):
                    forms.setdefault(self._stem(word), word)
        for run in _CJK_RUN.findall(text):
            for word in self._chinese(run):  # already without stop words
                forms.setdefault(word, word)
        return forms

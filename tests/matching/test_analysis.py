"""Analyzer: English stemming and stop words, Chinese segmentation, mixed text."""

from innofield.matching import Analyzer, detect_language


def test_english_is_lowercased_stemmed_and_stopworded() -> None:
    tokens = Analyzer().tokenize("The Vitamins reduce the RISK of cancers")
    assert tokens == ["vitamin", "reduc", "risk", "cancer"]


def test_chinese_is_segmented_with_jieba() -> None:
    tokens = Analyzer().tokenize("锂离子电池正极材料")
    assert "电池" in tokens and "材料" in tokens and "正极" in tokens


def test_mixed_text_gets_both_analyzers() -> None:
    tokens = Analyzer().tokenize("基于BERT的专利检索")
    assert "bert" in tokens and "专利" in tokens and "检索" in tokens
    assert "的" not in tokens


def test_language_detection_by_character_class() -> None:
    assert detect_language("perovskite solar cells") == "en"
    assert detect_language("钙钛矿太阳能电池") == "zh"
    assert detect_language("基于 BERT embedding 的专利检索系统") == "mixed"


def test_non_latin_and_symbols_do_not_crash() -> None:
    analyzer = Analyzer()
    assert analyzer.tokenize("Ωμέγα ⚡ —— ！！") == ["ωμέγα"]
    assert analyzer.tokenize("") == []


def test_surface_forms_map_terms_back_to_words() -> None:
    forms = Analyzer().surface_forms("Vitamins and 专利")
    assert forms["vitamin"] == "vitamins" and forms["专利"] == "专利"
    assert "and" not in forms  # a stop word is no term


def test_surface_forms_have_exactly_the_terms_of_tokenize(scifact) -> None:  # type: ignore[no-untyped-def]
    analyzer = Analyzer()
    texts = [d.text for d in scifact[0][:50]] + [
        "基于BERT的专利检索，以及the doing of things",
        "本项目研发高镍三元正极材料。成果已在企业完成中试！",
    ]
    for text in texts:
        assert set(analyzer.surface_forms(text)) == set(analyzer.tokenize(text))

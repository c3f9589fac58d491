"""Fields of work: the labs' Chinese subject areas and a keyword classifier for abstracts."""

from __future__ import annotations

import re

#: The State Key Laboratory list's subject areas (``area``) in English.
AREA_FIELDS = {
    "材料": "materials",
    "生物": "biology",
    "地学": "geoscience",
    "信息": "information",
    "工程": "engineering",
    "医学": "medicine",
    "化学": "chemistry",
    "制造": "manufacturing",
    "能源": "energy",
    "矿产": "mining",
    "医疗": "healthcare",
    "农业": "agriculture",
    "数理": "physics",
    "交通": "transport",
    "": "general",
}

_LEXICON: dict[str, tuple[str, ...]] = {
    "medicine": (
        "patient",
        "clinical",
        "trial",
        "cancer",
        "tumor",
        "therapy",
        "disease",
        "mortality",
        "hospital",
        "diagnos",
        "treatment",
        "infection",
        "cohort",
        "risk",
    ),
    "healthcare": (
        "surgery",
        "surgical",
        "device",
        "imaging",
        "screening",
        "care",
        "nurse",
        "dose",
    ),
    "biology": (
        "cell",
        "gene",
        "protein",
        "mouse",
        "mice",
        "receptor",
        "expression",
        "signaling",
        "rna",
        "dna",
        "kinase",
        "mutation",
        "embryo",
        "neuron",
    ),
    "chemistry": (
        "chemical",
        "compound",
        "molecule",
        "synthesis",
        "catalyst",
        "reaction",
        "ligand",
        "spectroscopy",
        "oxidation",
    ),
    "materials": (
        "material",
        "nanoparticle",
        "polymer",
        "scaffold",
        "biomaterial",
        "crystal",
        "film",
    ),
    "information": (
        "algorithm",
        "computational",
        "software",
        "network model",
        "machine learning",
        "database",
        "simulation",
    ),
    "agriculture": ("plant", "crop", "soil", "livestock", "arabidopsis", "rice", "maize"),
    "energy": ("energy", "battery", "solar", "fuel"),
    "geoscience": ("climate", "ocean", "earthquake", "sediment", "atmospher"),
}


def classify_abstract(text: str) -> str:
    """The field whose keywords occur most often in ``text`` (``biology`` on a tie of zero)."""
    lowered = text.lower()
    scores = {
        field: sum(len(re.findall(re.escape(w), lowered)) for w in words)
        for field, words in _LEXICON.items()
    }
    best = max(scores, key=lambda f: (scores[f], f == "biology"))
    return best if scores[best] > 0 else "biology"

"""Chinese queries over the demo catalog's English items: do they find what English finds?

    .venv/bin/python benchmarks/matching_crosslingual.py [--data-dir DIR]

Runs against the platform database in ``DIR`` (default ``./var``, the one ``make demo``
fills, after ``innofield index rebuild``). The demo's technologies are SciFact abstracts
(English) and its instruments and services carry "English name · 中文名" titles. Each of
the 32 English queries below comes with a Chinese translation written for this check (by
the engineer, not a machine; no Latin letters, so the engine sees a wholly Chinese query).
The English query's top 10 under the shipped hybrid is the reference; for the Chinese
query the script prints recall@10 against it (the share of those ten items the Chinese
query also returns in its top 10) and whether the English top 1 is among them, for

* ``bm25``: the Chinese query ranked by BM25 alone (the platform before the bridge),
* ``bridge``: BM25 fused with multilingual-e5-small's cosine (the platform now),

and the time of a Chinese search (p50 / p95, the e5 query encoding included). A last line
gives the bridge's ceiling: e5 alone ranking with the English query.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

PAIRS = [
    ("cancer immunotherapy", "癌症免疫治疗"),
    ("gene editing in bacteria", "细菌中的基因编辑"),
    ("diagnosis of Alzheimer's disease", "阿尔茨海默病的诊断"),
    ("autoimmunity in type 1 diabetes", "1型糖尿病的自身免疫"),
    ("air pollution and anxiety", "空气污染与焦虑"),
    ("breast cancer tumour suppressor genes", "乳腺癌抑癌基因"),
    ("reprogramming fibroblasts into stem cells", "将成纤维细胞重编程为干细胞"),
    ("gut bacteria and the immune system", "肠道细菌与免疫系统"),
    ("effects of antidepressants on the brain", "抗抑郁药对大脑的作用"),
    ("prostate cancer metastasis", "前列腺癌转移"),
    ("treatment of acute myeloid leukemia", "急性髓系白血病的治疗"),
    ("regulation of circadian rhythms", "昼夜节律的调控"),
    ("predicting outcome after stroke", "中风后的预后预测"),
    ("malaria drug resistance", "疟疾耐药性"),
    ("tuberculosis vaccine", "结核病疫苗"),
    ("antiretroviral therapy for HIV infection", "艾滋病病毒感染的抗逆转录病毒治疗"),
    ("obesity and insulin resistance", "肥胖与胰岛素抵抗"),
    ("repair of damaged chromosomes", "染色体损伤修复"),
    ("mitochondrial dysfunction in neurodegeneration", "神经退行性疾病中的线粒体功能障碍"),
    ("influenza virus infection", "流感病毒感染"),
    ("mass spectrometer", "质谱仪"),
    ("electron microscope", "电子显微镜"),
    ("magnetic resonance imaging", "磁共振成像"),
    ("small animal in vivo imaging", "小动物活体成像"),
    ("pilot production and scale-up", "中试熟化"),
    ("matching technology firms with finance", "科技企业与金融对接"),
    ("risk factors of cardiovascular disease", "心血管疾病的危险因素"),
    ("vitamin supplements and bone health", "维生素补充与骨骼健康"),
    ("smoking and lung cancer", "吸烟与肺癌"),
    ("antibiotic resistance of bacteria", "细菌的抗生素耐药性"),
    ("pregnancy outcomes and maternal health", "妊娠结局与孕产妇健康"),
    ("depression in older adults", "老年人的抑郁症"),
]


def main() -> None:
    """Print recall@10 of the Chinese queries against the English top 10, both ways."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    parser.add_argument("--show", action="store_true", help="print each query's figures")
    args = parser.parse_args()
    os.environ.setdefault("INNOFIELD_DATA_DIR", str(args.data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innofield.settings")
    import django

    django.setup()
    from innofield.matchmaking import index

    engine = index.engine_for("item")
    print(f"{len(engine)} items indexed; {len(PAIRS)} query pairs")
    engine.search("预热", k=1)  # load the e5 query encoder before timing
    reference = {en: [r.id for r in engine.search(en, k=10, explain=False)] for en, _ in PAIRS}
    for label, bridged in (("bm25", False), ("bridge", True)):
        engine.crosslingual = bridged
        recalls, tops, times, empty = [], [], [], 0
        for en, zh in PAIRS:
            start = time.perf_counter()
            got = [r.id for r in engine.search(zh, k=10, explain=False)]
            times.append(time.perf_counter() - start)
            empty += not got
            want = reference[en]
            recall = len(set(got) & set(want)) / len(want)
            recalls.append(recall)
            tops.append(want[0] in got)
            if args.show:
                print(f"  {label:6} {recall:.1f} {'top1' if tops[-1] else '    '} {en} / {zh}")
        ms = np.array(times) * 1000
        print(
            f"{label}: recall@10 vs English top 10 {np.mean(recalls):.3f}, English top 1 found "
            f"{np.mean(tops):.3f}, queries with no result {empty}/{len(PAIRS)}; "
            f"search p50 {np.percentile(ms, 50):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms"
        )
    engine.crosslingual = True
    # the ceiling of the bridge: e5 alone with the English query, against the same top 10
    recalls = []
    for en, _zh in PAIRS:
        qvec = engine._query_vector(en, engine.rescorer_)
        scores = engine.rescore_.vectors @ qvec
        scores[~engine.lexical_.alive[: len(scores)]] = -np.inf
        top = [engine.slots_.ids[int(i)] for i in np.argsort(-scores)[:10]]
        recalls.append(len(set(top) & set(reference[en])) / 10)
    print(f"e5 alone, English query (the bridge's ceiling): recall@10 {np.mean(recalls):.3f}")


if __name__ == "__main__":
    main()

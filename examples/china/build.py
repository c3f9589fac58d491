"""Write iData for every year the yearbook panels allow, build the index and print the top 10.

    .venv/bin/python examples/china/build.py ../shared/data/china_provinces OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from innofield.observatory.china import build_china_index, china_idata, load_china_panel


def main() -> None:
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    panel = load_china_panel(src)
    built, results = build_china_index(panel)
    out.mkdir(parents=True, exist_ok=True)
    for year, index in built.items():
        china_idata(panel, year).to_csv(out / f"iData_{year}.csv", index=False)
        index.write(out / str(year))
    results.to_csv(out / "results_all_years.csv", index=False)
    latest = max(built)
    print(results[results["year"] == latest].head(10).to_string(index=False))


if __name__ == "__main__":
    main()

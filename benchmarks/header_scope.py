"""Benchmark: what giving each PDF table header its /Scope costs (generator/render/pdf_tables.py), in ms per PDF.

Renders every PDF of the reference case several times, timing the finisher on its own and the
whole PDF render around it, and prints the median of each by document type. It asserts nothing.
Run it with `.venv/bin/python benchmarks/header_scope.py [--repeats N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.documents.common import Inputs  # noqa: E402
from generator.pipeline import check_case, plan_documents, render_plan  # noqa: E402
from generator.render import pdf as pdf_render  # noqa: E402
from generator.render import pdf_tables  # noqa: E402
from generator.settings import load_settings  # noqa: E402

REFERENCE = ROOT / "inputs" / "case-example.json"
TODAY = dt.date(2026, 11, 22)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    settings = load_settings()
    plans = plan_documents(Inputs(check_case(REFERENCE, settings).case, settings, settings.toolkit, TODAY))

    spent: list[float] = []

    def timed(document, pdf) -> None:
        start = time.perf_counter()
        pdf_tables.add_header_scope(document, pdf)
        spent.append((time.perf_counter() - start) * 1000)

    pdf_render.add_header_scope = timed  # render_pdf looks the finisher up at call time
    finisher: dict[str, list[float]] = defaultdict(list)
    whole: dict[str, list[float]] = defaultdict(list)
    for plan in plans:
        render_plan(plan, settings, "pdf")  # warm
        for _ in range(repeats):
            spent.clear()
            start = time.perf_counter()
            render_plan(plan, settings, "pdf")
            whole[plan.document].append((time.perf_counter() - start) * 1000)
            finisher[plan.document].append(sum(spent))
    print(f"{'document':28} {'PDFs':>4} {'scope ms':>9} {'render ms':>10} {'share':>6}")
    for name in sorted(whole):
        f, w = statistics.median(finisher[name]), statistics.median(whole[name])
        print(f"{name:28} {len(whole[name]) // repeats:>4} {f:>9.2f} {w:>10.1f} {f / w:>6.1%}")
    all_f = statistics.median(v for values in finisher.values() for v in values)
    all_w = statistics.median(v for values in whole.values() for v in values)
    print(f"{'every PDF':28} {len(plans):>4} {all_f:>9.2f} {all_w:>10.1f} {all_f / all_w:>6.1%}")


if __name__ == "__main__":
    main()

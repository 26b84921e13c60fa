"""Page weight (issue 15): bytes of an agency page and of each chart encoding, before and after.

    .venv/bin/python benchmarks/bench_pages.py                   # the seed and two corpus reports
    .venv/bin/python benchmarks/bench_pages.py data/2023_pingtan.txt

For each report the agency notebook is executed once (govkit.run.batch.run_notebook). From that one
executed notebook the page is exported two ways, side by side:

- before: nbconvert's "lab" template (its ~260 KB of CSS) with the charts as matplotlib's RGBA PNG
  at 110 dpi (what the notebook displayed until now);
- after: what `export_html` writes now (the "basic" template inside govkit.present.pages' stylesheet) with
  the palette PNG charts (`charts.save_png`).

Each chart is also measured as RGBA PNG, palette PNG and SVG with the glyphs as paths (SVG text
would need the Chinese font on the reader's machine). Prints bytes; nothing is asserted.
"""

from __future__ import annotations

import base64
import io
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [
    ROOT / "data" / "2020_ninghe_zaojiachengzhen.txt",
    ROOT.parent / "shared" / "corpus" / "2024_huaian_shizhengfu.pdf",
    ROOT.parent / "shared" / "corpus" / "2019_pingtan.txt",
]
CHARTS = ("active", "outcomes", "applicants", "review_litigation")


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def _parts(page: str) -> tuple[int, int]:
    """Bytes of <style> text and of base64 images in a page."""
    css = sum(len(s.encode()) for s in re.findall(r"<style[^>]*>(.*?)</style>", page, re.S))
    png = sum(len(s) for s in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page))
    return css, png


def _rgba_notebook(nb, folder: Path):
    """The executed notebook with each chart image replaced by matplotlib's RGBA PNG."""
    import copy

    import govkit
    from govkit.present import charts

    report = govkit.read_report(nb.metadata["govkit_source"])
    draw = {
        "active": charts.active_chart,
        "outcomes": charts.outcome_chart,
        "applicants": charts.applicant_chart,
        "review_litigation": charts.review_litigation_chart,
    }
    pngs = []
    for name in CHARTS:
        ax = draw[name](report)
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=110)
        pngs.append(base64.b64encode(buf.getvalue()).decode())
    old = copy.deepcopy(nb)
    i = 0
    for cell in old.cells:
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                out["data"]["image/png"] = pngs[i]
                i += 1
    return old


def measure(source: Path) -> None:
    import matplotlib.pyplot as plt
    import nbformat
    from nbconvert import HTMLExporter

    import govkit
    from govkit.present import charts
    from govkit.run.kernels import notebook_path
    from govkit.run.pages import run_notebook

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ipynb = out / "page.ipynb"
        params = {"report_path": str(source), "output_dir": str(out / "page")}
        run_notebook(notebook_path("agency_audit.ipynb"), ipynb, params, out)
        after = ipynb.with_suffix(".html").read_text(encoding="utf-8")
        nb = nbformat.read(ipynb, as_version=4)
        nb.metadata["govkit_source"] = str(source)
        lab = HTMLExporter(
            template_name="lab",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        before, _ = lab.from_notebook_node(_rgba_notebook(nb, out))
        print(f"\n{source.name}")
        print(f"  {'page':<8}{'total':>10}{'CSS':>10}{'charts':>10}{'rest':>10}")
        for label, page in (("before", before), ("after", after)):
            total = len(page.encode())
            css, png = _parts(page)
            print(
                f"  {label:<8}{_kb(total):>10}{_kb(css):>10}{_kb(png):>10}{_kb(total - css - png):>10}"
            )
        report = govkit.read_report(source)
        draw = {
            "active": charts.active_chart,
            "outcomes": charts.outcome_chart,
            "applicants": charts.applicant_chart,
            "review_litigation": charts.review_litigation_chart,
        }
        print(f"  {'chart':<20}{'RGBA PNG':>10}{'palette':>10}{'SVG paths':>11}")
        for name in CHARTS:
            ax = draw[name](report)
            rgba, svg = io.BytesIO(), io.BytesIO()
            ax.figure.savefig(rgba, format="png", dpi=110)
            ax.figure.savefig(svg, format="svg")  # matplotlib's default: glyphs as paths
            pal = charts.save_png(ax.figure, out / f"{name}.png").stat().st_size
            plt.close(ax.figure)
            print(
                f"  {name:<20}{_kb(len(rgba.getvalue())):>10}{_kb(pal):>10}{_kb(len(svg.getvalue())):>11}"
            )


def main(argv: list[str]) -> int:
    sources = [Path(a) for a in argv] or [p for p in DEFAULT if p.exists()]
    for source in sources:
        measure(source.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

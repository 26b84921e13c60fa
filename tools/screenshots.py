"""Screenshots of the pages a batch writes, at phone, laptop and desktop widths, to look at.

    python tools/screenshots.py reports/ shots/            # index, overview, every agency page
    python tools/screenshots.py reports/ shots/ --widths 390 800 1280 --height 2000

Needs headless Chromium (Debian package `chromium`) and a CJK font (`fonts-noto-cjk`) for the
page text; chart images carry their own glyphs. Writes <page>-<width>.png into the shots folder
and prints each file with its size. Not part of the test suite: pages are judged by eye.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

WIDTHS = (390, 800, 1280)


def chromium() -> str | None:
    """The Chromium binary, or None when it is not installed."""
    return next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p),
        None,
    )


def shoot(page: Path, png: Path, width: int, height: int, browser: str) -> None:
    """One screenshot of a local page at `width` × `height` CSS pixels."""
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={png}",
            f"--window-size={width},{height}",
            page.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", type=Path, help="a batch output folder (with index.html)")
    ap.add_argument("out", type=Path, help="where the PNG files go")
    ap.add_argument("--widths", type=int, nargs="+", default=list(WIDTHS))
    ap.add_argument("--height", type=int, default=2000)
    ap.add_argument("--pages", nargs="*", help="page file names (default: every *.html)")
    args = ap.parse_args(argv)
    browser = chromium()
    if browser is None:
        print("没有找到 Chromium / chromium not found (apt install chromium)", file=sys.stderr)
        return 3
    args.out.mkdir(parents=True, exist_ok=True)
    pages = (
        [args.reports / p for p in args.pages]
        if args.pages
        else sorted(args.reports.glob("*.html"))
    )
    for page in pages:
        for width in args.widths:
            png = args.out / f"{page.stem}-{width}.png"
            shoot(page, png, width, args.height, browser)
            print(f"{png}  {png.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The shell of an exported notebook page: a small stylesheet instead of JupyterLab's ~260 KB.

nbconvert's "basic" template gives the cells' HTML without any CSS; `page_html` wraps it with the
few rules the pages need (tables that scroll sideways on a phone with the row labels kept in view,
headers that never wrap one character per line, charts that shrink to the screen, folded
messages) and a link back to the batch's index.html. Nothing is loaded from the network.
"""

from __future__ import annotations

import html

FONTS = '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif'

PAGE_CSS = f"""
*{{box-sizing:border-box}}
body{{font-family:{FONTS};margin:0 auto;padding:.6em 1em 3em;max-width:1400px;line-height:1.55;
color:#1f2937;font-size:16px}}
table.findings td{{text-align:left}}
nav{{font-size:.92em;margin:.2em 0 .6em}}
a{{color:#1d4ed8}}
h1{{font-size:1.45em;margin:.4em 0}}h2{{font-size:1.25em;margin:1.2em 0 .4em}}
h3{{font-size:1.1em}}.anchor-link{{display:none}}
.output_html,.output_subarea{{overflow-x:auto;max-width:100%}}
.output_png img,img{{max-width:100%;height:auto}}
table{{border-collapse:collapse;margin:.4em 0;font-size:.92em}}
th,td{{padding:.3em .55em;border-bottom:1px solid #e5e7eb;vertical-align:top}}
thead th,th.col_heading{{white-space:nowrap;background:#f3f4f6}}
td{{font-variant-numeric:tabular-nums}}
th.row_heading{{text-align:left;font-weight:normal;min-width:9em;max-width:20em;position:sticky;
left:0;background:#fff;z-index:1}}
caption{{text-align:left;font-weight:bold;padding:.3em 0;white-space:normal;position:sticky;left:0;
max-width:calc(100vw - 2em)}}
table.findings td{{min-width:5em}}table.findings td:nth-child(2){{min-width:16em}}
td.rule code{{font-size:.85em;color:#6b7280;word-break:break-all}}
details summary{{cursor:pointer}}details ul{{margin:.3em 0;max-height:24em;overflow:auto}}
pre{{white-space:pre-wrap;word-break:break-word}}
.output_stderr{{display:none}}
@media (max-width:640px){{body{{padding:.4em .6em 2em;font-size:15px}}h1{{font-size:1.25em}}}}
"""


def page_html(body: str, title: str, *, index: str = "index.html") -> str:
    """A complete, self-contained page around nbconvert's basic-template body."""
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{html.escape(title)}</title><style>{PAGE_CSS}</style></head><body>\n"
        f'<nav><a href="{html.escape(index)}">← 全部报告（index.html）</a></nav>\n'
        f"{body}\n</body></html>\n"
    )

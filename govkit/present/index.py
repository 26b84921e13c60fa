"""index.html of a batch: one row per input file, readable from a phone to a wide screen.

Built from the batch's outcome table (outcomes.csv; columns source, agency, year, template,
errors, warnings, page, status, stage, reason, duplicate_of, …). Every cell is escaped: agency
names and reasons come from untrusted reports. Sorting and filtering are a few lines of inline
script (no network, no library), fast enough for thousands of rows; without script the table is
still complete. Below 640 px each row becomes a card with its labels, so nothing wraps one
character per line.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

AUDITED = ("rendered", "read")
"""Statuses whose error and warning counts mean something; other rows show blanks."""

STATUS_ZH = {
    "rendered": "已生成页面",
    "read": "已审核",
    "failed": "失败",
    "not_report": "不是年度报告",
    "duplicate": "重复",
}
STAGE_ZH = {"read": "读取失败", "audit": "审核失败", "notebook": "页面生成失败"}

COLUMNS = ("机关", "年度", "错误", "警告", "结果", "文件", "模板")

CSS = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:0 auto;padding:1em;max-width:1400px;line-height:1.5;color:#1f2937}
h1{font-size:1.5em;margin:.2em 0 .4em}
a{color:#1d4ed8}
.bar{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center;margin:.8em 0}
.bar input{font:inherit;padding:.35em .6em;border:1px solid #9ca3af;border-radius:4px;
flex:1 1 14em;max-width:28em}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e5e7eb;padding:.4em .6em;text-align:left;vertical-align:top}
th{white-space:nowrap;background:#f3f4f6;position:sticky;top:0}
th button{font:inherit;font-weight:bold;border:0;background:none;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
td:nth-child(1){min-width:9em}
td:nth-child(2),td:nth-child(3),td:nth-child(4){text-align:right;white-space:nowrap;
font-variant-numeric:tabular-nums}
td:nth-child(6){overflow-wrap:anywhere;min-width:8em;color:#4b5563;font-size:.92em}
td:nth-child(7){white-space:nowrap}
.err{color:#b91c1c;font-weight:bold}
.fail{color:#b91c1c}.skip,.dup{color:#6b7280}
td:nth-child(5){overflow-wrap:anywhere}
@media (min-width:641px){td:nth-child(1){width:22%}td:nth-child(5){min-width:12em}
td:nth-child(6){min-width:10em}}
@media (min-width:1000px){td:nth-child(6){min-width:14em}}
@media (max-width:640px){
 thead{display:none}
 table,tbody,tr,td{display:block;width:100%}
 tr{border:1px solid #d1d5db;border-radius:6px;margin:0 0 .7em;padding:.3em .2em}
 td{border:0;padding:.15em .5em;display:flex;gap:.8em;text-align:left!important;white-space:normal!important}
 td::before{flex:0 0 3em;color:#6b7280;font-weight:normal}
 td:empty{display:none}
 td:nth-child(1){font-weight:bold}
 .hint{display:none}
 td:nth-child(1)::before{content:"机关"} td:nth-child(2)::before{content:"年度"} td:nth-child(3)::before{content:"错误"} td:nth-child(4)::before{content:"警告"} td:nth-child(5)::before{content:"结果"} td:nth-child(6)::before{content:"文件"} td:nth-child(7)::before{content:"模板"}
}
"""

SCRIPT = """
(function(){
var t=document.getElementById("outcomes"),b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),
q=document.getElementById("filter"),shown=document.getElementById("shown");
rows.forEach(function(r){r._t=r.textContent.toLowerCase();});
function key(r,i){return r.cells[i].textContent;}
t.tHead.addEventListener("click",function(e){
 var th=e.target.closest("th");if(!th)return;var i=th.cellIndex,num=th.hasAttribute("data-num"),
 dir=th.getAttribute("aria-sort")==="ascending"?-1:1;
 Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h){h.removeAttribute("aria-sort");});
 th.setAttribute("aria-sort",dir>0?"ascending":"descending");
 rows.sort(function(x,y){var a=key(x,i),c=key(y,i);
  if(a===""||c==="")return (a==="")-(c==="");
  if(num){a=+a;c=+c;return a===c?0:(a<c?-dir:dir);}
  return dir*a.localeCompare(c,"zh-CN");});
 var f=document.createDocumentFragment();rows.forEach(function(r){f.appendChild(r);});b.appendChild(f);});
var timer;q.addEventListener("input",function(){clearTimeout(timer);timer=setTimeout(function(){
 var w=q.value.trim().toLowerCase().split(/\\s+/).filter(Boolean),n=0;
 rows.forEach(function(r){var ok=w.every(function(x){return r._t.indexOf(x)>=0;});r.hidden=!ok;n+=ok;});
 shown.textContent=w.length?"显示 "+n+" / "+rows.length+" 行":"";},120);});
})();
"""


def _year(value) -> str:
    """2019, never 2019.0; blank when unknown."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return "" if pd.isna(number) else f"{int(number)}"


def _count(value, audited: bool) -> str:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return f"{int(number)}" if audited and pd.notna(number) else ""


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _result(row: pd.Series, pages: dict[str, str]) -> str:
    """What became of the file: its page, or why it has none (escaped markup)."""
    e = html.escape
    status, reason = _text(row.get("status")), _text(row.get("reason"))
    if status == "rendered":
        return f'<a href="{e(_text(row.get("page")))}.html">审核报告</a>'
    if status == "read":
        return '<span class="skip">已审核，未生成页面</span>'
    if status == "duplicate":
        other = _text(row.get("duplicate_of"))
        link = pages.get(other)
        name = e(Path(other).name) if other else "另一文件"
        target = f'<a href="{e(link)}.html">{name}</a>' if link else name
        return f'<span class="dup">与 {target} 是同一份报告，不另出页面</span>'
    if status == "not_report":
        return f'<span class="skip">{e(reason or "不是年度报告 / not a report")}</span>'
    stage = STAGE_ZH.get(_text(row.get("stage")), "失败")
    return f'<span class="fail">{e(stage)}：{e(reason)}</span>'


def _rows(table: pd.DataFrame) -> str:
    """One <tr> per file; cells carry no attributes (columns are styled by position), which keeps
    an index of thousands of rows small."""
    e = html.escape
    rendered = table[table["status"] == "rendered"]
    pages = dict(zip(rendered["source"].map(str), rendered["page"].map(str), strict=True))
    out = []
    for _, row in table.iterrows():
        audited = _text(row.get("status")) in AUDITED
        err, warn = _count(row.get("errors"), audited), _count(row.get("warnings"), audited)
        template = _year(row.get("template"))
        source = _text(row.get("source"))
        cells = [
            f"<td>{e(_text(row.get('agency')))}</td>",
            f"<td>{_year(row.get('year'))}</td>",
            f'<td class="err">{err}</td>' if err not in ("", "0") else f"<td>{err}</td>",
            f"<td>{warn}</td>",
            f"<td>{_result(row, pages)}</td>",
            f"<td>{e(Path(source).name)}</td>",
            f"<td>{template and template + ' 版'}</td>",
        ]
        out.append(f'<tr title="{e(source)}">{"".join(cells)}</tr>')
    return "\n".join(out)


def _summary(table: pd.DataFrame) -> str:
    """共 N 个文件：… one clause per status present, in a fixed order."""
    n = table["status"].value_counts()
    parts = [
        f"{label} {int(n[s])} 个"
        for s, label in (
            ("rendered", "生成页面"),
            ("read", "已审核未生成页面"),
            ("failed", "失败"),
            ("not_report", "不是年度报告"),
            ("duplicate", "重复文件"),
        )
        if n.get(s, 0)
    ]
    audited = table["status"].isin(AUDITED)
    errors = pd.to_numeric(table.loc[audited, "errors"], errors="coerce").fillna(0)
    with_errors = int((errors > 0).sum())
    return (
        f"共 {len(table)} 个文件：" + "，".join(parts or ["无"]) + "。"
        f"已审核的 {int(audited.sum())} 份报告中 {with_errors} 份有错误。"
    )


def render_index(table: pd.DataFrame, out: Path) -> str:
    """index.html for the outcome table of a batch written to `out` (links are relative to it)."""
    out = Path(out)
    cols = ["source", "agency", "year", "template", "errors", "warnings", "page", "status"]
    table = table.reindex(columns=[*cols, "stage", "reason", "duplicate_of"])
    links = [
        '<a href="findings.xlsx">全部问题清单（findings.xlsx）</a>',
        '<a href="outcomes.csv">outcomes.csv</a>',
    ]
    if (out / "overview.html").exists():
        links.insert(0, '<a href="overview.html">批量概览：各机关、各年度对比</a>')
    numeric = {"年度", "错误", "警告"}
    head = "".join(
        f'<th scope="col"{" data-num" if c in numeric else ""}><button type="button">{c}</button></th>'
        for c in COLUMNS
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>政府信息公开工作年度报告审核结果</title><style>{CSS}</style></head><body>
<h1>政府信息公开工作年度报告审核结果</h1>
<p>{html.escape(_summary(table))}</p>
<p>{" · ".join(links)}</p>
<div class="bar"><input id="filter" type="search" placeholder="筛选：机关、年度、文件…" aria-label="筛选">
<span id="shown" aria-live="polite"></span><small class="hint">点击表头排序</small></div>
<table id="outcomes"><thead><tr>{head}</tr></thead><tbody>
{_rows(table)}
</tbody></table>
<p><small>错误、警告只计机关报告本身的问题；govkit 未能读懂的内容是“读取说明”，见各报告页面，不计入。</small></p>
<script>{SCRIPT}</script>
</body></html>
"""

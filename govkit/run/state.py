"""The output folder: a lock, temporaries removed, and the state file that says which page came from which input."""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import govkit
from govkit.errors import InputError
from govkit.export import atomic_file
from govkit.read.inputs import unreadable
from govkit.run.kernels import notebook_path

STATE = ".govkit-state.json"
LOCK_WAIT = 60.0  # seconds to wait for the workers of a killed batch to let go of the folder


def _digest(path: Path, meta: dict | None) -> str:
    """What a page depends on: input bytes, manifest row, govkit version, the agency notebook."""
    h = hashlib.sha256(path.read_bytes())
    h.update(json.dumps(meta or {}, sort_keys=True, ensure_ascii=False).encode())
    h.update(govkit.__version__.encode())
    h.update(notebook_path("agency_audit.ipynb").read_bytes())
    return h.hexdigest()[:16]


@contextmanager
def _folder_lock(out: Path) -> Iterator[None]:
    """One batch per output folder; waits briefly for the orphaned workers of a killed batch."""
    with open(out / ".govkit-lock", "w") as fh:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InputError(
                        f"另一个 govkit batch 正在写入 {out}，请等它结束",
                        f"another govkit batch is writing to {out}; wait for it to finish",
                    ) from None
                time.sleep(0.2)
        yield


@contextmanager
def _no_leftovers(out: Path) -> Iterator[None]:
    """Temporaries of a killed earlier run are removed first; those of this one if interrupted
    or failed (a full disk)."""
    _remove_temporaries(out)
    try:
        yield
    except BaseException:
        _remove_temporaries(out)
        raise


def _remove_temporaries(out: Path) -> None:
    """Temp files of a run that was killed before moving them into place (never complete)."""
    for f in out.glob(".*.tmp*"):
        f.unlink(missing_ok=True)


def _load_state(out: Path) -> dict:
    try:
        state = json.loads((out / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"pages": {}}
    pages = state.get("pages") if isinstance(state, dict) else None
    return {**state, "pages": pages} if isinstance(pages, dict) else {"pages": {}}


def _save_state(state: dict, out: Path) -> None:
    with atomic_file(out / STATE) as tmp:
        tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")


def _pending(paths: list[Path], man: dict, state: dict, out: Path) -> int:
    """How many inputs may need a page (at most): those without an up-to-date one."""
    pages = state.get("pages", {})
    n = 0
    for p in paths:
        done = pages.get(str(p), {})
        if unreadable(p) is None and not (
            (out / f"{done.get('page')}.html").exists()
            and done.get("digest") == _digest(p, man.get(p.resolve()))
        ):
            n += 1
    return n


def page_done(o, err: str, out: Path, state: dict) -> None:
    """Record one page's end: rendered (state saved, an older page of the input removed) or failed."""
    pages = state.setdefault("pages", {})
    o.executed = True
    if err:
        o.status, o.stage, o.reason = "failed", "notebook", err
        return
    old = pages.get(o.source, {}).get("page")
    o.status = "rendered"
    pages[o.source] = {"digest": o.digest, "page": o.page}
    _save_state(state, out)
    if old and old != o.page:
        _remove_page(out, old)


def _remove_page(out: Path, page: str) -> None:
    """The page an input had before it changed: one input, one page."""
    for f in (out / f"{page}.html", out / f"{page}.ipynb"):
        f.unlink(missing_ok=True)
    shutil.rmtree(out / page, ignore_errors=True)

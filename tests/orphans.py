"""Run a command and report every process it leaves running after it ends (Linux).

Usage: python tests/orphans.py COMMAND [ARG ...]

This process becomes a child subreaper (prctl), so what the command leaves behind is re-parented
here instead of to init: the condition of a desktop session (systemd --user) or a container shim,
where a process that watches for its parent's death by waiting to be adopted by pid 1 never
sees it. When the command has ended, its remaining descendants get GRACE seconds to end; those
still running are then killed and named on stderr after LEFT_RUNNING, and the exit code is
LEFT_CODE. Otherwise the exit code is the command's (128 + N if signal N ended it). Ctrl-C
(SIGINT to the process group) reaches the command and leaves this process waiting.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time

LEFT_RUNNING = "LEFT RUNNING after the command ended:"
LEFT_CODE = 86
GRACE = 5.0
PR_SET_CHILD_SUBREAPER = 36


def _parents() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) of every process now."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()  # the name may hold ")" and spaces
        except OSError:  # ended while listed
            continue
        table[int(entry)] = (int(fields[1]), fields[0])
    return table


def _descendants() -> list[int]:
    """This process's live descendants (zombies are reaped, not counted)."""
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                break
        except ChildProcessError:
            break
    table = _parents()
    found, frontier = [], {os.getpid()}
    while frontier:
        frontier = {p for p, (ppid, state) in table.items() if ppid in frontier and state != "Z"}
        found += sorted(frontier)
    return found


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        return "?"


def main(argv: list[str]) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
    signal.signal(signal.SIGINT, lambda *_: None)  # a handler, not SIG_IGN: the command gets SIGINT
    code = subprocess.call(argv)
    deadline = time.monotonic() + GRACE
    while (left := _descendants()) and time.monotonic() < deadline:
        time.sleep(0.1)
    if not left:
        return 128 - code if code < 0 else code
    lines = [f"{pid} {_cmdline(pid)}" for pid in left]
    for pid in left:
        with contextlib.suppress(ProcessLookupError):  # ended meanwhile
            os.kill(pid, signal.SIGKILL)
    _descendants()  # reaps them
    print(LEFT_RUNNING, *lines, sep="\n  ", file=sys.stderr)
    return LEFT_CODE


if __name__ == "__main__":
    sys.exit(
        main(sys.argv[1:]) if sys.platform.startswith("linux") else subprocess.call(sys.argv[1:])
    )

"""Executing a notebook: papermill on a kept, warm kernel per worker (reset between pages), the shipped notebooks."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import sys
import tempfile
import time
import weakref
from pathlib import Path

_PACKAGE = Path(__file__).parents[1]  # govkit/
_NOTEBOOKS = (
    _PACKAGE / "_notebooks",  # a wheel: the notebooks are package data
    _PACKAGE.parent / "notebooks",  # a checkout (editable install): read only
)


def _forget_runners() -> None:
    """In a forked child: drop jupyter_core's runner threads, which did not survive the fork.

    A kernel client's call made inside a running event loop (nbclient's, on every page) runs on
    a runner thread that jupyter_core keeps per calling thread in a module dict. A child forked
    after its parent ran a notebook inherits the dict but not the threads, and its first such
    call waited forever: a second `run_batch` in one process (a JupyterLab user, a script) hung
    on its first page. Without the stale entries the child starts runners of its own."""
    utils = sys.modules.get("jupyter_core.utils")
    if utils is not None:
        getattr(utils, "_runner_map", {}).clear()


os.register_at_fork(after_in_child=_forget_runners)


def notebook_path(name: str) -> Path:
    """A shipped notebook: the wheel's packaged copy, or the checkout's notebooks/."""
    for folder in _NOTEBOOKS:
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


def execute(notebook: Path, out_ipynb: Path, params: dict, cwd: Path, *, warm: bool = False):
    """Run a notebook with papermill the way every govkit page is run (benchmarks time this);
    returns the executed notebook, as written to out_ipynb.

    warm: in the kernel this process keeps for its pages (see warm_kernel), not a new one.
    The notebook is written once, when it ends (also when a cell failed), not after every cell:
    papermill's per-cell saves serialised and validated the whole notebook ~30 times a page.
    """
    import papermill as pm

    km = warm_kernel(cwd) if warm else start_kernel(cwd)
    try:
        return pm.execute_notebook(
            str(notebook),
            str(out_ipynb),
            parameters=params,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(cwd),
            log_output=False,
            request_save_on_cell_execute=False,
            km=km,
        )
    finally:
        km.close_clients()  # nbclient leaves open the client of a kernel it does not own
        if not warm:
            with contextlib.suppress(Exception):  # already gone
                km.shutdown_kernel(now=True)
            km.remove_sockets()


_KERNEL: list = []  # this process's kept kernel manager, if any
_RESET = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"


def warm_kernel(cwd: Path):
    """The kernel this worker keeps across its pages, emptied for the next one.

    A fresh kernel per page pays kernel start-up and the notebook's imports (pandas, matplotlib,
    govkit: ~1.5 s) every time; kept, they are paid once per worker. Each page starts from an
    empty namespace (%reset -f) with no figure open, so nothing of the last agency leaks into the
    next. nbclient leaves a kernel it was handed running. A kernel that died or does not answer
    the reset is replaced; the worker's exit shuts the kernel down.
    """
    if _KERNEL and _KERNEL[0].is_alive() and _reset(_KERNEL[0]):
        return _KERNEL[0]
    from multiprocessing import util

    if _KERNEL:
        stop_kernel()
    else:  # first kernel of this process: shut down whichever is kept when the worker exits
        util.Finalize(None, stop_kernel, exitpriority=10)
    _KERNEL[:] = [start_kernel(cwd)]
    return _KERNEL[0]


KERNEL_ARGS = ["--HistoryManager.enabled=False", "--HistoryManager.hist_file=:memory:"]
"""Kernels keep no input history: report paths never land in the user's ~/.ipython."""

PRELOAD = "--IPKernelApp.exec_lines=['from govkit.run.kernels import warm_up', 'warm_up()']"
"""A page kernel runs `warm_up` while it starts: a kernel started early (see _kernel_pool) is
ready with its imports done by the time the reading is."""


def warm_up() -> None:
    """In a page kernel, at start: import what the pages use, then freeze it for the collector.

    After the imports the kernel holds ~160,000 long-lived objects (pandas, matplotlib, govkit);
    every full garbage collection walked them all: %reset -f between pages (it collects) took
    ~0.5 s, and the collections during a page paid the same. gc.freeze() moves them to a
    generation the collector skips; they are modules, never garbage.
    """
    import gc

    import matplotlib.pyplot  # noqa: F401
    import pyarrow.dataset  # read_copied filters row groups with it
    import pyarrow.parquet  # noqa: F401  (load_results)

    import govkit.present.charts
    import govkit.run.results  # noqa: F401

    gc.freeze()


def start_kernel(cwd: Path, sockets_in: str | None = None, *, preload: bool = True):
    """A python3 kernel over IPC sockets in a private temp folder of its own (not TCP ports: no
    "running over TCP without encryption" warning, nothing another user can reach; the default
    socket names clashed between workers), without history; preload: with the pages' imports."""
    # one folder per kernel, short names: a socket path must stay under ~104 bytes (AF_UNIX)
    sockets = tempfile.mkdtemp(prefix="gk-", dir=sockets_in)
    km = _kept_kernel_class()(
        kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "ipc")
    )
    km.remove_sockets = weakref.finalize(km, shutil.rmtree, sockets, ignore_errors=True)
    tied = {"preexec_fn": _dies_with(os.getpid())} if sys.platform.startswith("linux") else {}
    km.start_kernel(
        cwd=str(cwd), extra_arguments=KERNEL_ARGS + ([PRELOAD] if preload else []), **tied
    )
    return km


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _dies_with(parent: int):
    """A kernel's preexec_fn (Linux): the kernel is killed when the thread that starts it ends.

    ipykernel ends a kernel whose parent died only if the parent was alive when its watch began
    (~1 s into the start); otherwise it waits to be adopted by pid 1. Where orphans go to a
    subreaper instead (systemd --user on a desktop, container shims), the kernel of a page
    worker killed while its kernel started (the OOM killer; a batch's terminate on Ctrl-C or a
    lost page) ran on for ever, with ~100 MB and the batch's stderr. Set in the child before the
    kernel runs, so there is no such window; a parent already gone ends the child at once.
    Kernels are started on a thread that lives as long as its process (a page worker's main
    thread, or jupyter_core's runner thread inside a running event loop)."""
    prctl = _libc().prctl

    def tie() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return tie


@functools.cache
def _libc():
    import ctypes

    return ctypes.CDLL(None, use_errno=True)


def _reset(km) -> bool:
    kc = km.client()
    kc.start_channels()
    try:  # ready (a kernel started early may still be importing), then emptied
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive(
            _RESET, timeout=30, store_history=False, output_hook=lambda _msg: None
        )
        return reply["content"]["status"] == "ok"
    except Exception:  # no answer: the caller starts a new kernel
        return False
    finally:
        km.close_clients()


@functools.cache
def _kept_kernel_class():
    from jupyter_client.blocking.client import BlockingKernelClient
    from jupyter_client.manager import KernelManager
    from traitlets import Type

    class ReadyClient(BlockingKernelClient):
        """A client whose readiness check costs one round trip.

        jupyter_client's wait_for_ready ends by waiting 0.2 s for IOPub to fall silent; nbclient
        and the reset each call it, so every page idled ~0.4 s. Here the kernel is ready when it
        has answered kernel_info on the shell channel and its "idle" status for that same
        request has come through IOPub (so IOPub is connected: nothing the page prints is lost).
        """

        def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
            while True:
                msg_id = self.kernel_info()
                if _answered(self, msg_id, "shell", 1.0) and _answered(self, msg_id, "iopub", 0.5):
                    return
                if not self.is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    class KeptKernel(KernelManager):
        """A KernelManager that remembers the clients it made, so each page's can be closed
        (thousands of pages per worker must not leave thousands of sockets open)."""

        client_factory = Type(ReadyClient)

        def client(self, **kwargs):
            kc = super().client(**kwargs)
            self.__dict__.setdefault("_clients", []).append(kc)
            return kc

        def close_clients(self) -> None:
            clients = self.__dict__.get("_clients", [])
            while clients:
                clients.pop().stop_channels()

    return KeptKernel


def _answered(kc, msg_id: str, channel: str, wait: float) -> bool:
    """The kernel_info reply (shell) or the idle status (iopub) to msg_id within `wait` seconds;
    older messages are skipped."""
    from queue import Empty

    get = kc.get_shell_msg if channel == "shell" else kc.get_iopub_msg
    end = time.monotonic() + wait
    while (left := end - time.monotonic()) > 0:
        try:
            msg = get(timeout=left)
        except Empty:
            return False
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if channel == "shell":
            kc._handle_kernel_info_reply(msg)
            return True
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return True
    return False


def stop_kernel() -> None:
    if _KERNEL:
        km = _KERNEL.pop()
        with contextlib.suppress(Exception):  # already gone
            km.shutdown_kernel(now=True)
        km.remove_sockets()  # a worker exits without running finalizers

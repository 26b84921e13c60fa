"""How many cores this process may use: the default number of reading and page workers."""

from __future__ import annotations

import math
import os
from pathlib import Path


def usable_cores() -> int:
    """How many cores this process may use: the default number of workers everywhere.

    Not os.cpu_count(), which counts the machine's cores: a process pinned to some (taskset,
    cpusets) or a container given a CPU quota (docker --cpus, Kubernetes limits, CI runners) on
    a 64-core host started 64 readers and 64 page workers, each page worker with a kernel
    (~150 MB): it crawled, or ran out of memory.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    quota = cgroup_cpu_quota()
    return max(1, min(cores or 1, math.ceil(quota) if quota else cores or 1))


def cgroup_cpu_quota(
    root: Path = Path("/sys/fs/cgroup"), membership: Path = Path("/proc/self/cgroup")
) -> float | None:
    """The CPU quota of this process's cgroup in cores (quota / period), the tightest of its own
    group and every group above it, or None when none is set or none can be read (not Linux).

    cgroup v2: `cpu.max` ("max 100000" or "200000 100000") in the group's folder and its parents
    (under `root`, or `root`/unified on a hybrid system); v1: cpu.cfs_quota_us and
    cpu.cfs_period_us in the cpu controller's hierarchy (-1: none).
    """
    try:
        lines = membership.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    quotas = []
    for line in lines:
        _id, controllers, group = [*line.split(":", 2), "", ""][:3]
        if not controllers:  # v2: "0::/path"
            for folder in (f for top in (root, root / "unified") for f in _up_from(top, group)):
                quotas.append(_ratio(folder / "cpu.max", None))
        elif "cpu" in controllers.split(","):  # v1: "4:cpu,cpuacct:/path"
            for folder in _up_from(root / controllers, group):
                quotas.append(_ratio(folder / "cpu.cfs_quota_us", folder / "cpu.cfs_period_us"))
    found = [q for q in quotas if q]
    return min(found) if found else None


def _up_from(root: Path, group: str) -> list[Path]:
    """The group's folder under `root` and each parent up to `root` (a container sees "/")."""
    parts = [p for p in group.strip().split("/") if p]
    return [root.joinpath(*parts[:i]) for i in range(len(parts), -1, -1)]


def _ratio(quota_file: Path, period_file: Path | None) -> float | None:
    """Cores from "quota period" in one file (v2) or two (v1); None for "max", -1 or unreadable."""
    try:
        words = quota_file.read_text(encoding="ascii").split()
        if period_file is not None:
            words += period_file.read_text(encoding="ascii").split()
        quota, period = float(words[0]), float(words[1])
    except (OSError, ValueError, IndexError):  # "max", missing files, a mount we cannot read
        return None
    return quota / period if quota > 0 and period > 0 else None

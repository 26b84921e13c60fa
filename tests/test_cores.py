"""govkit.cores: the default worker count is the cores this process may use (affinity, a
container's CPU quota in cgroup v1 or v2), not the host's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govkit import cores


def _cgroups(tmp_path: Path, membership: str, files: dict[str, str]) -> tuple[Path, Path]:
    """A fake /sys/fs/cgroup tree and /proc/self/cgroup."""
    root = tmp_path / "cgroup"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (tmp_path / "self").write_text(membership)
    return root, tmp_path / "self"


@pytest.mark.parametrize(
    ("membership", "files", "quota"),
    [
        ("0::/\n", {"cpu.max": "200000 100000\n"}, 2.0),  # a container: docker --cpus 2
        ("0::/\n", {"cpu.max": "max 100000\n"}, None),  # no limit
        ("0::/\n", {"cpu.max": "150000 100000\n"}, 1.5),  # --cpus 1.5: two workers
        (  # the limit sits on a parent group (a Kubernetes pod), the process in a child
            "0::/kubepods/pod1/ctr\n",
            {"kubepods/pod1/cpu.max": "50000 100000", "kubepods/pod1/ctr/cpu.max": "max 100000"},
            0.5,
        ),
        (  # the tightest of the group and its parents
            "0::/a/b\n",
            {"a/cpu.max": "300000 100000", "a/b/cpu.max": "100000 100000"},
            1.0,
        ),
        ("0::/\n", {"unified/cpu.max": "400000 100000"}, 4.0),  # v2 beside v1 (hybrid)
        (  # cgroup v1, controllers mounted together
            "4:cpu,cpuacct:/docker/x\n1:memory:/docker/x\n",
            {
                "cpu,cpuacct/docker/x/cpu.cfs_quota_us": "300000",
                "cpu,cpuacct/docker/x/cpu.cfs_period_us": "100000",
            },
            3.0,
        ),
        (  # v1 without a quota
            "1:cpu:/\n",
            {"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"},
            None,
        ),
        ("0::/\n", {}, None),  # nothing to read
        ("0::/\n", {"cpu.max": "garbage"}, None),
    ],
)
def test_cgroup_cpu_quota_is_read_from_the_group_and_its_parents(
    tmp_path, membership, files, quota
):
    root, self_ = _cgroups(tmp_path, membership, files)
    assert cores.cgroup_cpu_quota(root, self_) == quota


def test_no_cgroup_file_means_no_quota(tmp_path):
    assert cores.cgroup_cpu_quota(tmp_path / "none", tmp_path / "none") is None


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity on this OS")
def test_usable_cores_follow_the_quota_and_the_affinity(monkeypatch):
    """A 2-CPU container on a big host, or a process pinned to one core, gets that many workers
    by default, not one per core of the machine."""
    monkeypatch.setattr(cores, "cgroup_cpu_quota", lambda: 1.5)
    assert cores.usable_cores() == min(2, len(os.sched_getaffinity(0)))
    monkeypatch.setattr(cores, "cgroup_cpu_quota", lambda: None)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert cores.usable_cores() == 1

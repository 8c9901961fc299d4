"""Servers for the benchmarks: gunicorn on 127.0.0.1 with widget/gunicorn_conf.py, and
the CPU time its processes used."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "widget" / "gunicorn_conf.py"
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def pids(self) -> list[int]:
        """The gunicorn master and its workers."""
        found = [self.process.pid]
        try:
            children = Path(
                f"/proc/{self.process.pid}/task/{self.process.pid}/children"
            ).read_text()
        except OSError:
            return found
        return found + [int(pid) for pid in children.split()]

    def workers(self) -> list[int]:
        return self.pids()[1:]

    def worker_holding(self, client_port: int, seconds: float = 5) -> int:
        """The worker that accepted the connection from ``client_port`` on 127.0.0.1."""
        server_port = int(self.url.rsplit(":", 1)[1])
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            inode = _socket_inode(server_port, client_port)
            for pid in self.workers() if inode else []:
                if f"socket:[{inode}]" in _open_files(pid):
                    return pid
            time.sleep(0.01)
        raise RuntimeError(f"no worker accepted the connection from :{client_port}")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the master and its live workers."""
        return sum(self.cpu_by_process().values())

    def cpu_by_process(self) -> dict[int, float]:
        """User + system CPU time of each of the master and its live workers."""
        used = {}
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            used[pid] = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
        return used


def _socket_inode(local_port: int, remote_port: int) -> str | None:
    """The inode of the TCP socket 127.0.0.1:local_port <-> 127.0.0.1:remote_port,
    once a process holds it (an unaccepted connection has inode 0)."""
    wanted = (f"0100007F:{local_port:04X}", f"0100007F:{remote_port:04X}")
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if (fields[1], fields[2]) == wanted and fields[9] != "0":
            return fields[9]
    return None


def _open_files(pid: int) -> set[str]:
    try:
        folder = Path(f"/proc/{pid}/fd")
        return {os.readlink(folder / name) for name in os.listdir(folder)}
    except OSError:  # the process or one of its descriptors went away meanwhile
        return set()


def wait_until_up(url: str, seconds: float = 30, context=None) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if time.monotonic() > deadline:
                message = f"{url} did not come up in {seconds:.0f} s"
                raise RuntimeError(message) from None
            time.sleep(0.1)


@contextmanager
def gunicorn(
    app: str,
    env: dict[str, str],
    *,
    workers: int = 2,
    threads: int = 4,
    ready_path: str = "/healthz",
    log: Path | None = None,
) -> Iterator[Server]:
    """Serve ``app`` (``module:name``) under gunicorn with the production settings."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        str(GUNICORN_CONFIG),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # Workers are never replaced during a run, so their CPU time is all counted.
        "--max-requests",
        "0",
        app,
    ]
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=output,
        stderr=output,
    )
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        wait_until_up(server.url + ready_path)
        yield server
    finally:
        stop(process, signal.SIGTERM)
        if log:
            output.close()


def stop(
    process: subprocess.Popen, gently: signal.Signals, seconds: float = 30
) -> None:
    """Ask ``process`` to finish with ``gently``; kill it if it has not in time."""
    process.send_signal(gently)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

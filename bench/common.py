"""Shared benchmark plumbing: a throwaway PostgreSQL database and a running `restock serve`."""

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from testbed import databases

PG_SERVER = os.environ.get("RESTOCK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
RESTOCK = str(Path(sys.executable).parent / "restock")


@contextmanager
def throwaway_database(name: str) -> Iterator[str]:
    """A fresh, migrated database on the benchmarks' server; yields its URL."""
    with databases.throwaway_database(PG_SERVER, name) as url:
        yield url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    port: int
    pid: int

    def processes(self) -> list[int]:
        """The server process and its children (uvicorn's worker processes)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [self.pid, *(int(c) for c in children)]

    def cpu_seconds(self) -> float:
        """User and system CPU time its processes have used so far."""
        return sum(cpu_seconds(pid) for pid in self.processes())


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


@contextmanager
def running_server(env: dict[str, str], workers: int) -> Iterator[Server]:
    port = free_port()
    process = subprocess.Popen(
        [RESTOCK, "serve", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, "RESTOCK_LOG_LEVEL": "warning", **env},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        time.sleep(1.0)  # let every worker process finish starting
        yield Server(port, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


async def http_post(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    path: str,
    body: bytes,
    headers: dict[str, str],
) -> int:
    """One keep-alive HTTP/1.1 POST; returns the status. Deliberately lean: the client shares
    the machine's cores with the server it measures."""
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(
        f"POST {path} HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\n{head}"
        f"content-length: {len(body)}\r\n\r\n".encode()
        + body
    )
    status = int((await reader.readline()).split(b" ", 2)[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status

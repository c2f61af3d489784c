"""Load benchmark of ``faq-bot serve``, beside ``faq-bot ask --json -`` in the same run.

    python bench/serve.py                 # 2 workers, 50 clients, 30,000 requests, then a 60 s soak
    python bench/serve.py --quick         # 5,000 requests, a 10 s soak
    python bench/serve.py --json out.json

Needs the ``server`` extra. Traffic goes to 127.0.0.1 only, and every loop is
bounded in count and in time. See bench/README.md for the protocol.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent))

import data

from faq_bot import load_faq

HOST = "127.0.0.1"  # the only address this benchmark ever sends to
FAQ_BOT = str(Path(sys.executable).with_name("faq-bot"))
# As an installed bot runs: with bytecode.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# --- the server ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    """``faq-bot serve`` in a subprocess, on a free loopback port."""

    def __init__(self, *, workers: int) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [FAQ_BOT, "serve", "--host", HOST, "--port", str(self.port), "--workers", str(workers)],
            stdout=subprocess.DEVNULL,  # the access log, one line per request, as deployed
            stderr=subprocess.PIPE,
            env=_ENV,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"faq-bot serve did not start: {self.stop()}") from None
                time.sleep(0.05)

    def workers(self) -> list[int]:
        """The worker processes' ids (the server itself, with one worker)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(c) for c in children] or [pid]

    def stop(self) -> str:
        self.process.send_signal(signal.SIGTERM)
        _, err = self.process.communicate(timeout=30)
        return err.decode("utf-8", "replace")


def _cpu_s(pid: int) -> float:
    """User plus system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory_mb(pid: int) -> dict[str, float]:
    """Resident (RSS) and proportional (PSS: shared pages split between the
    processes sharing them) memory of one process."""
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            out[name.lower() + "_mb"] = int(rest.split()[0]) / 1024
    return out


# --- the clients ---------------------------------------------------------------------


@dataclass
class Load:
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    first_error: str | None = None
    client_cpu_s: float = 0.0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _request(port: int, question: str) -> bytes:
    body = json.dumps({"question": question}).encode()
    head = (
        f"POST /v1/ask HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class _Client(asyncio.Protocol):
    """One keep-alive connection sending requests one after another (a closed
    loop) until ``limit`` requests in all have been sent or ``until`` has
    passed. A bare protocol, not streams: the clients share the 2 cores with
    the server, and every microsecond they spend is taken from it."""

    def __init__(self, shared: _Shared, done: asyncio.Future[None]) -> None:
        self.shared = shared
        self.done = done
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.need = -1  # bytes of the reply in hand once it is whole; -1: head not read yet
        self.start = 0.0
        self.closing = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self._next()

    def _next(self) -> None:
        shared = self.shared
        assert self.transport is not None
        if shared.sent >= shared.limit or time.perf_counter() >= shared.until:
            self.closing = True
            self.transport.close()
            return
        request = shared.requests[shared.sent % len(shared.requests)]
        shared.sent += 1
        self.start = time.perf_counter()
        self.transport.write(request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.need < 0:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].lower()
            length = head.partition(b"\r\ncontent-length:")[2].partition(b"\r\n")[0]
            if not length.strip().isdigit():
                self._fail(f"no content-length: {head[:60]!r}")
                return
            self.need = end + 4 + int(length)
        if len(self.buffer) < self.need:
            return
        load = self.shared.load
        load.latencies.append(time.perf_counter() - self.start)
        load.requests += 1
        if not self.buffer.startswith(b"HTTP/1.1 200 "):
            load.errors += 1
            load.first_error = load.first_error or self.buffer[:60].decode("latin-1")
        self.buffer = self.buffer[self.need :]
        self.need = -1
        self._next()

    def _fail(self, why: str) -> None:
        load = self.shared.load
        load.requests += 1
        load.errors += 1
        load.first_error = load.first_error or why
        assert self.transport is not None
        self.closing = True
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closing:
            self._fail(f"connection lost by the server: {exc!r}")
        if not self.done.done():
            self.done.set_result(None)


@dataclass
class _Shared:
    requests: list[bytes]
    limit: int
    until: float
    load: Load
    sent: int = 0


async def _load(port: int, questions: Sequence[str], *, clients: int, limit: int, seconds: float) -> Load:
    loop = asyncio.get_running_loop()
    load = Load()
    start = time.perf_counter()
    shared = _Shared([_request(port, q) for q in questions], limit, start + seconds, load)
    done = [loop.create_future() for _ in range(clients)]
    for future in done:
        await loop.create_connection(lambda future=future: _Client(shared, future), HOST, port)
    await asyncio.gather(*done)
    load.seconds = time.perf_counter() - start
    return load


def run_load(port: int, questions: Sequence[str], *, clients: int, limit: int, seconds: float) -> Load:
    """The load, and the CPU the clients used for it (``client_cpu_s``)."""
    before = _own_cpu_s()
    try:
        import uvloop  # the client's own overhead, kept low: it shares the 2 cores

        load = uvloop.run(_load(port, questions, clients=clients, limit=limit, seconds=seconds))
    except ImportError:
        load = asyncio.run(_load(port, questions, clients=clients, limit=limit, seconds=seconds))
    load.client_cpu_s = _own_cpu_s() - before
    return load


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _ms(latencies: Sequence[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)],
    }


# --- the CLI, for comparison ---------------------------------------------------------


def bench_cli(questions: Sequence[str]) -> dict[str, float]:
    """The same questions through one ``faq-bot ask --json -``: streamed
    (throughput, start-up included), then one at a time (latency per question)."""
    lines = "".join(q + "\n" for q in questions)
    start, cpu = time.perf_counter(), _children_cpu_s()
    subprocess.run(
        [FAQ_BOT, "ask", "--json", "-"], input=lines, text=True, capture_output=True, check=True, env=_ENV
    )
    stream_s, cpu = time.perf_counter() - start, _children_cpu_s() - cpu
    process = subprocess.Popen(
        [FAQ_BOT, "ask", "--json", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_ENV
    )
    assert process.stdin is not None
    assert process.stdout is not None
    latencies = []
    for question in questions[:2000]:
        start = time.perf_counter()
        process.stdin.write(question + "\n")
        process.stdin.flush()
        process.stdout.readline()
        latencies.append(time.perf_counter() - start)
    process.stdin.close()
    process.wait(timeout=30)
    return {
        "questions": len(questions),
        "per_second": len(questions) / stream_s,
        # Steadier than the rate on a shared machine, and comparable with the server's.
        "cpu_us_per_question": 1e6 * cpu / len(questions),
        **_ms(latencies),
    }


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- the run -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=30_000, help="requests in the measured run")
    parser.add_argument("--soak", type=float, default=60.0, metavar="SECONDS", help="0 for none")
    parser.add_argument("--quick", action="store_true", help="5,000 requests and a 10 s soak")
    parser.add_argument("--json", metavar="FILE", help="write the figures to FILE")
    args = parser.parse_args(argv)
    if args.quick:
        args.requests, args.soak = 5_000, min(args.soak, 10.0)

    questions = data.patient_questions(load_faq(), 5000)
    results: dict = {
        "workers": args.workers,
        "clients": args.clients,
        "cores": os.cpu_count(),
        # Other work on the machine takes cores from both sides: say how much there was.
        "load_average_before": os.getloadavg()[0],
    }
    results["cli"] = bench_cli(questions)

    server = Server(workers=args.workers)
    try:
        run_load(server.port, questions[:2000], clients=args.clients, limit=2000, seconds=30)  # warm-up
        workers = server.workers()
        cpu = sum(_cpu_s(pid) for pid in workers)
        load = run_load(server.port, questions, clients=args.clients, limit=args.requests, seconds=300)
        cpu = sum(_cpu_s(pid) for pid in workers) - cpu
        results["server"] = {
            "requests": load.requests,
            "errors": load.errors,
            "seconds": load.seconds,
            "per_second": load.per_second,
            # CPU per request, all workers together: steadier than rates on a shared machine.
            "cpu_us_per_request": 1e6 * cpu / load.requests,
            "client_cpu_us_per_request": 1e6 * load.client_cpu_s / load.requests,
            **_ms(load.latencies),
        }
        if args.soak:
            soak = run_load(server.port, questions, clients=args.clients, limit=10**7, seconds=args.soak)
            results["soak"] = {
                "seconds": soak.seconds,
                "requests": soak.requests,
                "errors": soak.errors,
                "first_error": soak.first_error,
                "per_second": soak.per_second,
                **_ms(soak.latencies),
            }
        results["memory"] = [_memory_mb(pid) for pid in server.workers()]
    finally:
        log = server.stop()
    results["load_average_after"] = os.getloadavg()[0]
    results["server_log_errors"] = [
        line for line in log.splitlines() if "ERROR" in line or "Traceback" in line
    ]
    print(report(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def report(results: dict) -> str:
    s, c = results["server"], results["cli"]
    rows = [
        f"faq-bot serve, {results['workers']} workers, {results['clients']} clients on {HOST} "
        f"({results['cores']} cores, clients included): {s['requests']} requests in {s['seconds']:.1f} s = "
        f"{s['per_second']:.0f}/s, p50 {s['p50_ms']:.2f} ms, p99 {s['p99_ms']:.2f} ms, {s['errors']} errors; "
        f"CPU a request: server {s['cpu_us_per_request']:.0f} us, "
        f"clients {s['client_cpu_us_per_request']:.0f} us; load average "
        f"{results['load_average_before']:.1f} before, {results['load_average_after']:.1f} after",
        f"faq-bot ask --json -, same questions: {c['per_second']:.0f}/s streamed "
        f"({c['questions']}, start-up included), CPU {c['cpu_us_per_question']:.0f} us a question; "
        f"one at a time p50 {c['p50_ms']:.2f} ms, "
        f"p99 {c['p99_ms']:.2f} ms; server/CLI requests a second: {s['per_second'] / c['per_second']:.2f}, "
        f"CPU a request: {s['cpu_us_per_request'] / c['cpu_us_per_question']:.2f}",
        # What the rate would be with both cores free for the server and its clients: an upper
        # bound, not a measurement (the kernel's loopback work charged to no process is left out).
        f"both cores at these CPU costs would allow at most "
        f"{2e6 / (s['cpu_us_per_request'] + s['client_cpu_us_per_request']):.0f} requests/s",
    ]
    memory = results["memory"]
    rows.append(
        "memory per worker: "
        + ", ".join(f"RSS {m['rss_mb']:.1f} MB / PSS {m['pss_mb']:.1f} MB" for m in memory)
    )
    targets = [
        ("requests/s >= 3000", s["per_second"], s["per_second"] >= 3000),
        ("p99 ms <= 25", s["p99_ms"], s["p99_ms"] <= 25),
        (
            "max RSS per worker MB <= 80",
            max(m["rss_mb"] for m in memory),
            max(m["rss_mb"] for m in memory) <= 80,
        ),
    ]
    if "soak" in results:
        k = results["soak"]
        rows.append(
            f"soak: {k['requests']} requests in {k['seconds']:.1f} s = {k['per_second']:.0f}/s, "
            f"p50 {k['p50_ms']:.2f} ms, p99 {k['p99_ms']:.2f} ms, {k['errors']} errors"
            + (f" (first: {k['first_error']})" if k["first_error"] else "")
        )
        targets.append(("soak errors == 0", k["errors"], k["errors"] == 0))
    targets.append(
        ("server log errors == 0", len(results["server_log_errors"]), not results["server_log_errors"])
    )
    rows += [f"  {name:<34} {value:>10.2f}  {'PASS' if ok else 'FAIL'}" for name, value, ok in targets]
    return "\n".join(rows)


if __name__ == "__main__":
    raise SystemExit(main())

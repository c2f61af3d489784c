"""`faq-bot serve` as a real process on a loopback port: its logs keep no
question, SIGHUP reloads the FAQ (keeping the old one when the new one is
invalid), SIGTERM stops it gracefully, workers share the port, and the page
works in a real headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED_FAQ, faq_bot_command, needs

from faq_bot import FaqBot, Status, respond_in_context

needs("starlette", "uvicorn")

HOST = "127.0.0.1"  # these tests only ever talk to this machine
SENTINEL = "ZZSENTINEL"

# A second FAQ file with one entry whose text is markup: the page must show
# it as text. Its section and entry are new, so it merges with the bundled FAQ.
MARKUP_FAQ = """\
sections:
  - id: markup-check
    title: "Checks <b>of markup</b>"
entries:
  - id: zebra-crossings
    section: markup-check
    question: How do zebra crossings glow at night?
    alternates:
      - do zebra crossings glow
      - why are zebra crossings glowing
      - zebra crossing glow in the dark
    answer: >-
      <img src=x onerror="document.title='pwned'"> <b>Not bold</b> & shown as typed.
"""


@dataclass
class Served:
    """A running ``faq-bot serve`` and the files its output goes to."""

    process: subprocess.Popen[bytes]
    port: int
    out: Path
    err: Path

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def get(self, path: str) -> tuple[int, Any]:
        """The status and the JSON body (None for a page)."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as response:
                status, body, kind = response.status, response.read(), response.headers["content-type"]
        except urllib.error.HTTPError as exc:
            status, body, kind = exc.code, exc.read(), exc.headers["content-type"]
        return status, json.loads(body) if kind == "application/json" else None

    def ask(self, question: str) -> dict[str, Any]:
        request = urllib.request.Request(
            self.url("/v1/ask"),
            data=json.dumps({"question": question}).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)  # type: ignore[no-any-return]

    def logs(self) -> str:
        return self.out.read_text(encoding="utf-8") + self.err.read_text(encoding="utf-8")

    def wait_for_log(self, pattern: str, count: int = 1, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while len(re.findall(pattern, self.logs())) < count:
            assert time.monotonic() < deadline, f"no {pattern!r} x{count} in the log:\n{self.logs()}"
            time.sleep(0.05)

    def children(self) -> list[int]:
        pid = self.process.pid
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=20)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start ``faq-bot serve ARGS`` on a free loopback port; ready once /healthz says so."""
    started: list[Served] = []

    def start(*args: str) -> Served:
        port = _free_port()
        out, err = tmp_path / f"out-{port}.log", tmp_path / f"err-{port}.log"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [*faq_bot_command(), "serve", "--host", HOST, "--port", str(port), *args],
                stdout=stdout,
                stderr=stderr,
                cwd=tmp_path,
            )
        served = Served(process, port, out, err)
        started.append(served)
        deadline = time.monotonic() + 30
        while True:
            try:
                if served.get("/healthz")[0] == 200:
                    return served
            except OSError:
                pass
            assert process.poll() is None, f"faq-bot serve ended:\n{served.logs()}"
            assert time.monotonic() < deadline, f"faq-bot serve did not start:\n{served.logs()}"
            time.sleep(0.05)

    yield start
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait(timeout=10)


def test_no_question_reaches_the_logs_and_sigterm_ends_it_gracefully(serve: Callable[..., Served]) -> None:
    served = serve()
    for question in (
        f"what is failed back syndrome {SENTINEL}",  # answered
        f"{SENTINEL} how do i renew my passport",  # declined
        f"I can't control my bladder {SENTINEL}",  # urgent
    ):
        assert served.ask(question)["query"].endswith(question[-10:])
    # Clients may put text where it does not belong: none of it is logged either.
    for path in (f"/v1/topics?q={SENTINEL}", f"/v1/entries/{SENTINEL}", f"/{SENTINEL}", f"/?{SENTINEL}"):
        assert served.get(path)[0] in (200, 404)
    assert served.stop() == -signal.SIGTERM  # uvicorn ends by the signal, once it is done
    logs = served.logs()
    assert SENTINEL not in logs
    assert logs.count('"POST /v1/ask" 200') == 3  # the access log is on, and counts every request
    assert "Application shutdown complete" in logs
    assert "Traceback" not in logs


def test_sighup_reloads_and_a_bad_faq_keeps_the_old_one(serve: Callable[..., Served], tmp_path: Path) -> None:
    folder = tmp_path / "faq"
    folder.mkdir()
    shutil.copy(BUNDLED_FAQ, folder / "a.yaml")
    served = serve("--faq", str(folder))
    entries = served.get("/healthz")[1]["entries"]

    (folder / "b.yaml").write_text(MARKUP_FAQ.replace("answer:", "anwser:"), encoding="utf-8")
    served.process.send_signal(signal.SIGHUP)
    served.wait_for_log("FAQ not loaded")
    assert len(re.findall(r"ERROR.*\n", served.logs())) == 1  # one line says what is wrong
    assert "b.yaml" in served.logs()
    assert served.get("/healthz")[1]["entries"] == entries  # still serving the old FAQ
    assert served.ask("what is failed back syndrome")["status"] == "answered"

    (folder / "b.yaml").write_text(MARKUP_FAQ, encoding="utf-8")
    served.process.send_signal(signal.SIGHUP)
    served.wait_for_log(f"FAQ loaded: {entries + 1} entries")
    assert served.get("/v1/entries/zebra-crossings")[0] == 200
    assert served.stop() == -signal.SIGTERM  # uvicorn ends by the signal, once it is done
    assert "Traceback" not in served.logs()


def test_workers_share_the_port_reload_together_and_stop_together(serve: Callable[..., Served]) -> None:
    served = serve("--workers", "2")
    workers = served.children()
    assert len(workers) == 2
    assert {served.ask("what is fbss")["status"] for _ in range(20)} == {"answered"}
    served.process.send_signal(signal.SIGHUP)
    served.wait_for_log("FAQ loaded", count=3)  # in each worker, and the copy new workers start from

    os.kill(workers[0], signal.SIGKILL)  # a worker that dies is replaced
    served.wait_for_log("starting another")
    served.wait_for_log("Application startup complete", count=3)
    workers = served.children()
    assert len(workers) == 2
    assert {served.ask("what is fbss")["status"] for _ in range(20)} == {"answered"}
    assert served.stop() == 128 + signal.SIGTERM  # as a shell reports a process SIGTERM ended
    assert all(_gone(w) for w in workers)
    assert served.logs().count("Application shutdown complete") == 2


def _gone(pid: int) -> bool:
    try:
        return "zombie" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True


def test_workers_stop_when_the_supervisor_is_killed_outright(serve: Callable[..., Served]) -> None:
    served = serve("--workers", "2")
    workers = served.children()
    served.process.kill()  # SIGKILL: it cannot pass anything on
    served.process.wait(timeout=10)
    deadline = time.monotonic() + 20
    while not all(_gone(w) for w in workers):
        assert time.monotonic() < deadline, "workers outlived their supervisor"
        time.sleep(0.1)


# --- the page in a real browser ------------------------------------------------------------


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium from the system's packages, driven through its chromedriver."""
    needs("selenium")
    if not (CHROMIUM and CHROMEDRIVER):
        message = "needs chromium and chromedriver (Debian: apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="faq-bot-chromium-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=412,915",  # a phone's screen
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _a_question_with_suggestions(bot: FaqBot) -> str:
    # Whatever the FAQ holds, one of these is declined with near misses to offer.
    for question in (
        "can I drive after back surgery",
        "how long until I can go back to work after back surgery",
        "will physiotherapy help my back",
        "is swimming good after a back operation",
    ):
        reply, _ = respond_in_context(bot, question)
        if reply.status is Status.NO_MATCH and reply.alternatives:
            return question
    raise AssertionError("no candidate question gets suggestions from this FAQ")


def test_the_page_in_a_real_browser(
    serve: Callable[..., Served], browser: Any, bot: FaqBot, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    extra = tmp_path / "markup.yaml"
    extra.write_text(MARKUP_FAQ, encoding="utf-8")
    served = serve("--faq", str(BUNDLED_FAQ), "--faq", str(extra))
    browser.get(served.url("/"))
    wait = WebDriverWait(browser, 15)
    wait.until(lambda d: "failed back syndrome" in d.title.lower())  # topics loaded from the API
    box = browser.find_element(By.ID, "question")
    log = browser.find_element(By.ID, "log")
    assert (log.get_attribute("role"), log.get_attribute("aria-live")) == ("log", "polite")

    def ask(question: str) -> Any:
        before = len(browser.find_elements(By.CSS_SELECTOR, "#log .bot"))
        box.send_keys(question + "\n")  # Enter sends: no mouse needed
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#log .bot")) > before)
        return browser.find_elements(By.CSS_SELECTOR, "#log .bot")[-1]

    answer = ask("what is failed back syndrome")
    expected, _ = respond_in_context(bot, "what is failed back syndrome")
    assert expected.entry is not None
    assert expected.section is not None
    assert answer.find_element(By.CLASS_NAME, "answer").text == expected.entry.answer
    assert expected.section.title in answer.find_element(By.CLASS_NAME, "source").text
    assert answer.find_element(By.CLASS_NAME, "reminder").text == bot.faq.reminder
    related = [
        b.get_attribute("data-entry") for b in answer.find_elements(By.CSS_SELECTOR, "button.suggestion")
    ]
    # The alternatives, then the entries the FAQ links to this answer.
    assert related == [m.entry.id for m in expected.alternatives] + [e.id for e in expected.followups]

    declined = ask(_a_question_with_suggestions(bot))
    suggestion = declined.find_element(By.CSS_SELECTOR, "button.suggestion")
    chosen = bot.faq.entry(suggestion.get_attribute("data-entry") or "")
    assert chosen is not None
    suggestion.click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#log .bot[data-status=entry]"))
    picked = browser.find_elements(By.CSS_SELECTOR, "#log .bot")[-1]
    assert picked.find_element(By.CLASS_NAME, "answer").text == chosen.answer

    urgent = ask("I suddenly can't control my bladder")
    notice = urgent.find_element(By.CSS_SELECTOR, ".urgent[role=alert]")
    assert bot.ask("I suddenly can't control my bladder").message in notice.text
    assert "URGENT" in notice.text.upper()
    assert urgent.find_elements(By.CLASS_NAME, "answer") == []

    markup = ask("do zebra crossings glow at night")
    assert markup.find_element(By.CLASS_NAME, "answer").text.startswith("<img src=x onerror=")
    assert browser.find_elements(By.CSS_SELECTOR, "#log img, #log b") == []
    assert "pwned" not in browser.title

    # No script error, and nothing refused by the Content-Security-Policy.
    problems = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert problems == []

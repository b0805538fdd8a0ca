"""Headless Chromium for tests: find it, print a page to PDF, take a screenshot, and measure
the laid-out page through a small DevTools client over --remote-debugging-pipe.

Tests that use it skip with the reason when `chromium()` finds no browser (CI installs the
Debian package `chromium`, see .ci/run)."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

TIMEOUT = 60  # seconds for one browser run; pages of the tests load in about one
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
A4_LANDSCAPE_INCHES = (11.69, 8.27)
CSS_PX_PER_MM = 96 / 25.4
NO_CHROMIUM = "headless Chromium not found (install the Debian package chromium; .ci/run does)"


def chromium() -> str | None:
    """The browser's path: $CHROMIUM, or the first of the usual names on the PATH."""
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named)
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def _flags(profile: str) -> list[str]:
    # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}"]


def run(args: list[str], timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """Chromium with `args`, headless, in a temporary profile, killed after `timeout` s."""
    # Chromium's helper processes may still write to the profile while it is being removed.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        return subprocess.run([chromium() or "chromium", *_flags(profile), *args], capture_output=True,
                              timeout=timeout, check=True)


def print_to_pdf(page: Path, pdf: Path) -> bytes:
    run(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri()])
    return pdf.read_bytes()


def screenshot(page: Path, png: Path, width: int = 1123, height: int = 794) -> bytes:
    run([f"--window-size={width},{height}", f"--screenshot={png}", page.resolve().as_uri()])
    return png.read_bytes()


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF: its page objects (Chromium writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


class DevTools:
    """The Chrome DevTools protocol over a pipe: one page, commands answered in order."""

    def __init__(self, process: subprocess.Popen, to_browser, from_browser):
        self.process, self.to_browser, self.from_browser = process, to_browser, from_browser
        self.next_id, self.buffer, self.events, self.session = 0, b"", [], None

    def _read(self) -> dict:
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, **params) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if self.session is not None:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        while True:
            found = next((e for e in self.events if e.get("method") == method), None)
            if found is not None:
                self.events.remove(found)
                return found
            self.events.append(self._read())

    def open(self, url: str, width: int, height: int, media: str = "screen") -> None:
        """Attach to the browser's page, size its viewport, emulate `media` and load `url`."""
        target = next(t for t in self.send("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", targetId=target["targetId"], flatten=True)["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=False)
        self.send("Emulation.setEmulatedMedia", media=media)
        self.send("Page.enable")
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def print_pdf(self, **options) -> bytes:
        return base64.b64decode(self.send("Page.printToPDF", **options)["data"])


@contextmanager
def devtools(timeout: float = TIMEOUT):
    """A headless Chromium driven through --remote-debugging-pipe (fd 3 in, fd 4 out)."""
    in_read, in_write = os.pipe()
    out_read, out_write = os.pipe()

    def wire() -> None:  # in the child, before exec: the pipe ends at the fds Chromium expects
        os.dup2(in_read, 3)
        os.dup2(out_write, 4)

    # Chromium's helper processes may still write to the profile while it is being removed.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen([chromium() or "chromium", *_flags(profile), "--remote-debugging-pipe",
                                    "about:blank"], pass_fds=(3, 4), preexec_fn=wire,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(in_read)
        os.close(out_write)
        timer = _killer(process, timeout)
        try:
            yield DevTools(process, in_write, out_read)
        finally:
            timer.cancel()
            process.kill()
            process.wait()
            os.close(in_write)
            os.close(out_read)


def _killer(process: subprocess.Popen, timeout: float):
    import threading

    timer = threading.Timer(timeout, process.kill)
    timer.daemon = True
    timer.start()
    return timer


WIDER_THAN_PAGE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
  .map(e => e.tagName + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right))"""


def wider_than_page(page: Path, width_mm: float, height_mm: float, media: str = "print") -> tuple[list[str], int]:
    """Elements whose right edge passes a viewport of the page's printable width (in print
    media), and the document's scroll width in CSS pixels."""
    width, height = round(width_mm * CSS_PX_PER_MM), round(height_mm * CSS_PX_PER_MM)
    with devtools() as browser:
        browser.open(page.resolve().as_uri(), width, height, media)
        return browser.evaluate(WIDER_THAN_PAGE), browser.evaluate("document.documentElement.scrollWidth")

"""`sitegen build --pdf`: print the board pack (`report.html`) to `report.pdf` with headless Chromium.

The browser installed on the machine does the printing (`chromium --headless
--print-to-pdf`), so no Python package is needed: Chromium's own command line
honours the print CSS of the site (a landscape first page, portrait sections,
page numbers and the day of printing in the margins), runs `beforeprint`,
and with a virtual-time budget waits until the page's scripts have loaded
Plotly and drawn every chart. Playwright would add a large driver and still
need a Chromium: it brings nothing the command line lacks here.

The site is written before printing starts: when no browser is found, or
printing fails, the site stays and the command says how to get the PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitegen.site.pages.report import REPORT_PAGE

__all__ = ["BROWSER_VARIABLE", "INSTALL_HINT", "REPORT_PDF", "find_browser", "print_board_pack", "print_board_packs"]

REPORT_PDF = "report.pdf"
BROWSER_VARIABLE = "SITEGEN_CHROMIUM"  # a browser of the user's choice (path or command name)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
MAC_BROWSERS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
INSTALL_HINT = (
    "no Chromium or Chrome found to print the board pack: install one (Debian/Ubuntu: 'sudo apt install chromium';"
    f" macOS: Google Chrome) or set {BROWSER_VARIABLE} to its path, then run the build again with --pdf"
)
# Virtual time lets the page load Plotly and draw its charts before it is printed; printing
# starts as soon as nothing is pending, so a page without charts does not wait this long.
VIRTUAL_TIME_MS = 30_000
TIMEOUT_S = 300


def find_browser() -> str | None:
    """The browser to print with: $SITEGEN_CHROMIUM, else the first Chromium or Chrome on PATH."""
    chosen = os.environ.get(BROWSER_VARIABLE)
    if chosen:
        return shutil.which(chosen) or (chosen if Path(chosen).is_file() else None)
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    return found or next((path for path in MAC_BROWSERS if Path(path).is_file()), None)


def _command(browser: str, page: Path, pdf: Path, profile: str) -> list[str]:
    command = [
        browser, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", f"--user-data-dir={profile}",
        "--no-pdf-header-footer",  # the print CSS sets the margins' page numbers and date
        f"--virtual-time-budget={VIRTUAL_TIME_MS}", f"--print-to-pdf={pdf}", page.resolve().as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to run as root with its sandbox (containers, CI); the page is the
        # site just written, read from disk, and it makes no request outside itself
        command.insert(1, "--no-sandbox")
    return command


def print_board_pack(site: Path, browser: str) -> int:
    """`site/report.html` → `site/report.pdf`; 0, or 1 once stderr says why not."""
    page, pdf = site / REPORT_PAGE, site / REPORT_PDF
    if not page.is_file():
        print(f"error: {page} is missing: the site was not built with a board pack", file=sys.stderr)
        return 1
    print(f"Printing the board pack with {browser} …", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sitegen-pdf-") as work:
        printed = Path(work) / REPORT_PDF  # moved into the site only when whole
        try:
            done = subprocess.run(_command(browser, page, printed, str(Path(work) / "profile")),
                                  capture_output=True, text=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            print(f"error: {browser} did not finish printing in {TIMEOUT_S} s; the site is written,"
                  f" {pdf} is not", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"error: could not run {browser}: {exc.strerror or exc}; the site is written, {pdf} is not",
                  file=sys.stderr)
            return 1
        if done.returncode != 0 or not printed.is_file() or printed.stat().st_size == 0:
            detail = _last_line(done.stderr)
            print(f"error: {browser} could not print {page} (exit {done.returncode}{': ' + detail if detail else ''});"
                  f" the site is written, {pdf} is not", file=sys.stderr)
            return 1
        shutil.move(printed, pdf)
    size = pdf.stat().st_size
    print(f"Wrote {pdf} ({size / 1_000_000:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return 0


def _last_line(stderr: str) -> str:
    """Chromium's last own complaint (it also logs harmless D-Bus and GPU noise)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    useful = [line for line in lines if "dbus" not in line.lower() and "gpu" not in line.lower()]
    return (useful or lines or [""])[-1][:300]


def print_board_packs(sites: list[Path]) -> int:
    """`--pdf` after a build: each built site's board pack printed, or the one line that says
    how to get a browser (exit 1; the sites stay written)."""
    browser = find_browser()
    if browser is None:
        print(f"error: {INSTALL_HINT}", file=sys.stderr)
        return 1
    return max((print_board_pack(site, browser) for site in sites), default=0)

"""Opening reports in Debian's headless Chromium through Playwright, for the browser tests.

Playwright's own browser download does not work here; the Debian package at
:data:`CHROMIUM` does (scripts/test.sh installs it). Every request a page makes is recorded so
tests can assert that a report never reaches the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: URL schemes that stay inside the file: anything else is a request to the network.
LOCAL_SCHEMES = ("file:", "data:", "about:")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def chromium_missing() -> bool:
    return not Path(CHROMIUM).exists()


def launch(playwright):
    """Debian's Chromium, headless, with everything that phones home switched off."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class OpenedReport:
    """A report open in a page, with what the page requested and what went wrong in it."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def network_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]


def open_report(browser, path: Path, viewport: tuple[int, int] = (1280, 1000)) -> OpenedReport:
    """Open ``path`` in a new page (file:// URL) and wait until its script has run."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    opened = OpenedReport(page)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_selector("html[data-ready='1']", state="attached")
    return opened


def full_page_screenshot(page, path: Path) -> None:
    """A full-page PNG; ``content-visibility: auto`` parts are forced visible first, since
    Chromium leaves them blank in full-page captures."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content=".finding, .source-text { content-visibility: visible !important; }")
    page.screenshot(path=str(path), full_page=True)

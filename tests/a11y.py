"""axe (WCAG 2.2 AA) in the browser tests: on every page a test's browser loads, and wherever a test asks.

Two ways in, one set of rules (AXE_OPTIONS):
- `PageSweep` (hooked into the `page` fixture in tests/conftest.py) keeps each document the test's page loads,
  as the server sent it, and when the test ends replays each one in a page of its own in the same browser
  context, with the same cookies and scripts, and checks it at the width the test saw it and at 390 px. The
  test's own page is never resized or waited on mid-journey, and a journey that leaves a page at once still
  has that page checked. Then it checks the test's page as the test left it (after its htmx swaps, say).
- `A11yChecker` (the `accessible` fixture) checks the live page now, for states no load shows: a page after
  an htmx swap or an opened menu, mid-journey.
A page is checked once per test, by its address and title: another visit to a list is not checked again, but
a form that comes back with errors is (its title starts "Error:"). A state between loads that matters has an
`accessible()` call of its own. A document the same, byte for byte but for its one-time tokens, as one that
an earlier test in the same process saw at the same width and found clean (the sign-in and two-factor
pages every journey passes) is not replayed again.
"""

import hashlib
import html as html_text
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.base import AXE_SCRIPT, AxeResults
from playwright.sync_api import Error as PlaywrightError

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# A screenshot of each state `accessible()` checks, at both widths, for a person to look through; otherwise
# only of a failure. Full-page screenshots cost the suite about a minute: `A11Y_SCREENSHOTS=1 make test`.
SHOOT_EVERY_CHECK = os.environ.get("A11Y_SCREENSHOTS", "") not in ("", "0")
# What the accessibility statement claims: WCAG 2.0, 2.1 and 2.2 at A and AA, plus axe's best practice.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations"],
}
PHONE = {"width": 390, "height": 844}
# One-time values that differ between two sendings of the same page.
_ONE_TIME = re.compile(rb'(name="csrfmiddlewaretoken" value=|nonce=|name="csrf-token" content=)"[^"]*"')
# Documents found clean by an earlier test of this process: a fingerprint of the page and its width.
_CLEAN: set[str] = set()


def fingerprint(document: dict) -> str:
    """The document as axe would see it: its HTML without one-time tokens, and the width it was shown at."""
    body = _ONE_TIME.sub(rb"\1", document["html"].encode())
    return hashlib.sha256(body + str(document["viewport"]).encode()).hexdigest()


# The marker that names a test's known exceptions: axe rules for issues the accessibility statement lists.
KNOWN_ISSUES_MARKER = "known_a11y_issues"

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
# Resizing fires `resize` before the next frame is drawn: after two frames, scripts have answered it.
_HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
_NEXT_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def page_key(url: str, title: str) -> tuple[str, str]:
    """A page as this rig tells pages apart: its address (without a #fragment) and its title."""
    return url.split("#")[0], " ".join(html_text.unescape(title).split())


def title_of(html: str) -> str:
    found = _TITLE.search(html)
    return found.group(1) if found else ""


def axe_violations(page, known_exceptions: tuple[str, ...] = ()) -> str:
    """axe's report of the page at its current width, or "" when it passes."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options = {**AXE_OPTIONS, "rules": {rule: {"enabled": False} for rule in known_exceptions}}
    results = AxeResults(page.evaluate("options => axe.run(document, options)", options))
    if not results.violations_count:
        return ""
    return f"{page.url} at {page.viewport_size['width']} px\n{results.generate_report()}"


def check_at_both_widths(
    page, known_exceptions: tuple[str, ...], shot: str, *, always_shoot: bool
) -> list[str]:
    """axe at the page's width and, when that is wider, at 390 px; a screenshot of each failure (or each)."""
    failures = []
    viewport = page.viewport_size
    widths = [viewport, PHONE] if viewport and viewport["width"] > PHONE["width"] else [viewport]
    for size, suffix in zip(widths, ["", "-phone"], strict=False):
        if size != page.viewport_size:
            page.set_viewport_size(size)
            page.evaluate(_NEXT_FRAMES)
        report = axe_violations(page, known_exceptions)
        if report or always_shoot:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / f"{shot}{suffix}.png", full_page=True)
        if report:
            failures.append(report)
    if page.viewport_size != viewport:
        page.set_viewport_size(viewport)
    return failures


@dataclass
class Sweep:
    """What one test's browser showed, and what has been checked of it."""

    name: str
    known_exceptions: tuple[str, ...]
    documents: list[dict] = field(default_factory=list)
    seen: set[tuple[str, str]] = field(default_factory=set)
    missed: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    # Only the portal's own pages are ours to check: not a payment provider's page a journey passes through.
    origin: str = ""

    def is_ours(self, url: str) -> bool:
        return url.startswith(self.origin or "http")

    def checked(self, url: str, title: str) -> bool:
        """True when this page was checked already; otherwise it counts as checked from now."""
        key = page_key(url, title)
        if key in self.seen:
            return True
        self.seen.add(key)
        return False


class PageSweep(Sweep):
    """Every document a watched page loads, checked with axe when the test ends (see the module's note)."""

    def watch(self, page) -> None:
        responses = {}

        def on_response(response):
            request = response.request
            if request.is_navigation_request() and request.frame.parent_frame is None:
                responses["last"] = response

        def on_load(loaded):
            response = responses.pop("last", None)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                return
            try:
                html = response.text()
            except PlaywrightError as error:  # gone already: the journey left the page at once
                self.missed.append(f"{response.url}: {error.message.splitlines()[0]}")
                return
            self.documents.append(
                {
                    "url": response.url,
                    "status": response.status,
                    "headers": response.headers,
                    "html": html,
                    "viewport": loaded.viewport_size,
                }
            )

        page.on("response", on_response)
        page.on("load", on_load)

    def finish(self, page) -> list[str]:
        """Check each document the page loaded, then the page as the test left it; axe's reports."""
        failures = []
        replay = page.context.new_page()
        replay.add_init_script(AXE_SCRIPT)
        try:
            for number, document in enumerate(self.documents, 1):
                if not self.is_ours(document["url"]) or self.checked(
                    document["url"], title_of(document["html"])
                ):
                    continue
                if (seen := fingerprint(document)) in _CLEAN and not self.known_exceptions:
                    self.log.append(
                        f"{document['url']}: the same document was found clean by an earlier test"
                    )
                    continue
                found = self._replay(replay, document, f"{self.name}-load-{number:02d}")
                if not found:
                    _CLEAN.add(seen)
                failures += found
        finally:
            replay.close()
        if not page.is_closed() and self.is_ours(page.url) and not self.checked(page.url, page.title()):
            self.log.append(f"as the test left it: {page.url} ({page.title()})")
            shot = f"{self.name}-end"
            failures += check_at_both_widths(page, self.known_exceptions, shot, always_shoot=False)
        # What was checked, for a person to read: test-artifacts/axe/<test>.txt.
        (ARTIFACTS / "axe").mkdir(parents=True, exist_ok=True)
        missed = [f"missed (the journey left it at once): {line}" for line in self.missed]
        (ARTIFACTS / "axe" / f"{self.name}.txt").write_text("\n".join(self.log + missed) + "\n")
        return failures

    def _replay(self, replay, document: dict, shot: str) -> list[str]:
        url = document["url"].split("#")[0]
        # The test's page has answered to the Content-Security-Policy already; here, it would refuse the style
        # that a screenshot adds.
        dropped = {"content-length", "content-encoding", "transfer-encoding", "content-security-policy"}
        headers = {name: value for name, value in document["headers"].items() if name not in dropped}

        def serve(route):
            if route.request.url.split("#")[0] == url and route.request.is_navigation_request():
                route.fulfill(status=document["status"], headers=headers, body=document["html"])
            elif route.request.method in {"GET", "HEAD"}:
                route.continue_()
            else:  # nothing a replay does may change the test's data
                route.abort()

        replay.route("**/*", serve)
        try:
            replay.set_viewport_size(document["viewport"])
            replay.goto(url)
            self.log.append(f"{url} ({replay.title()}) at {document['viewport']['width']} px")
            return check_at_both_widths(replay, self.known_exceptions, shot, always_shoot=False)
        finally:
            replay.unroute("**/*", serve)


class A11yChecker:
    """axe on a page now, at its viewport and on a phone; fails on any violation, with a screenshot of it
    (and of every check, with A11Y_SCREENSHOTS=1)."""

    def __init__(self, name: str, sweep: Callable[[], Sweep | None] = lambda: None):
        self.name = name
        self.count = 0
        self.sweep = sweep  # the test's sweep, if it has a page: states checked here are not checked again

    def __call__(self, page, label: str = "", *, known_exceptions: tuple[str, ...] = ()) -> None:
        """known_exceptions: axe rules for known issues that the accessibility statement lists."""
        # The document loaded and no htmx request in flight: what axe then reads is what a person sees.
        # ("networkidle" waited out half a second after each load, and never re-arms for an htmx swap.)
        page.wait_for_load_state("load")
        page.wait_for_function(_HTMX_IDLE)
        self.count += 1
        shot = f"{self.name}-{self.count:02d}{'-' + label if label else ''}"
        sweep = self.sweep()
        if sweep:
            sweep.checked(page.url, page.title())
            sweep.log.append(f"accessible(): {page.url} ({page.title()})")
            known_exceptions = known_exceptions or sweep.known_exceptions
        failures = check_at_both_widths(page, known_exceptions, shot, always_shoot=SHOOT_EVERY_CHECK)
        assert not failures, "\n".join(failures)

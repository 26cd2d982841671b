"""Every page carries a Content-Security-Policy: the portal's own files only, no inline script, no eval."""

import re
from pathlib import Path

from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_pages_forbid_inline_script_and_other_sites(client, guardian):
    client.force_login(guardian.user)
    policy = client.get(reverse("hub:family-home"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in directives["script-src"] + directives["style-src"]


def test_no_template_has_inline_script_or_event_handlers():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        inline = [m for m in re.findall(r"<script\b[^>]*>", text) if "src=" not in m and "json" not in m]
        handlers = re.findall(r"\son[a-z]+\s*=", text)
        if inline or handlers or "javascript:" in text:
            found.append(str(path.relative_to(TEMPLATES)))
    assert found == []

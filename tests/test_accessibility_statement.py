"""The accessibility statement says what the public sector accessibility regulations ask it to say."""

import re

from django.urls import reverse


def _sections(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", heading) for heading in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", page)]


def test_the_statement_has_each_section_the_regulations_ask_for(client, settings):
    settings.HUB_EMAIL = "access@music-hub.example"
    page = client.get(reverse("hub:accessibility")).content.decode()
    for heading in [
        "How accessible this portal is",
        "Feedback and contact information",
        "Reporting accessibility problems with this portal",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Non-compliance with the accessibility regulations",
        "PDF documents",
        "Preparation of this accessibility statement",
    ]:
        assert heading in _sections(page), heading
    assert "This portal is partially compliant with the" in page
    assert 'href="mailto:access@music-hub.example"' in page
    assert "Equality and Human Rights Commission (EHRC)" in page
    assert "Equality Advisory and Support Service (EASS)" in page
    assert "last tested on 7 December 2026" in page and "last reviewed on 7 December 2026" in page
    assert "1280 pixels" in page and "390 pixels" in page and "WCAG 2.0, 2.1 and 2.2" in page
    assert "tagged PDFs" in page


def test_each_known_issue_says_what_to_do_instead(client):
    page = client.get(reverse("hub:accessibility")).content.decode()
    known = page.split("Non-compliance with the accessibility regulations", 1)[1].split("Disproportionate")[0]
    issues = re.findall(r"<li>(.*?)</li>", known, flags=re.S)
    assert len(issues) == 1 and "2.4.3 (Focus order)" in issues[0], "the back office's calendar and clock"
    assert all("What to do instead:" in issue for issue in issues)


def test_the_statement_no_longer_lists_the_back_office_issues_that_are_fixed(client):
    page = client.get(reverse("hub:accessibility")).content.decode()
    known = page.split('id="non-accessible"', 1)[1]
    assert "has no label" not in known, "templates/admin/widgets/split_datetime.html labels both boxes"
    assert "<code>aria-label</code>" not in known, "static/js/admin.js makes the labelled icons images"
    assert "What to do instead:" in known.split("PDF documents", 1)[1]

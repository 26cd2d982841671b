"""The public listing's cards, written in Python: twenty cards, each including its summary and reversing its
link, took the listing's template about half of the page's time."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from ensembles.models import Ensemble
from hub.models import AcademicYear
from hub.money import pounds
from hub.templatetags.portal import id_url

register = template.Library()


def summary_html(ensemble: Ensemble, year: AcademicYear | None) -> str:
    """An ensemble's level, ages, grades, rehearsals, sections (`sections_text`) and termly fee (`fee`), as a
    family reads them on the listing and on its page; every value written through escape()."""
    area = f", {escape(ensemble.area.name)}" if ensemble.area else ", county-wide"
    lowest = ensemble.min_grade or "Beginners"
    fee = getattr(ensemble, "fee", None)
    rows = [
        ("Level", f"{escape(ensemble.get_level_display())}{area}"),
        ("Ages", f"{ensemble.min_age} to {ensemble.max_age}"),
        ("Grades", f"{lowest} to {ensemble.max_grade}"),
        ("Rehearsals", f"{escape(ensemble.when)}, {escape(ensemble.venue)}"),
        ("Sections", escape(getattr(ensemble, "sections_text", "") or "To be announced")),
        (
            f"Termly fee, {escape(str(year))}" if year else "Termly fee",
            pounds(fee) if fee is not None else "To be announced",
        ),
    ]
    cells = "".join(
        f'\n  <dt class="col-sm-4">{name}</dt><dd class="col-sm-8">{value}</dd>' for name, value in rows
    )
    return f'<dl class="row mb-0">{cells}\n</dl>'


@register.simple_tag
def ensemble_summary(ensemble: Ensemble, year: AcademicYear | None) -> SafeString:
    """{% ensemble_summary ensemble year %}: see summary_html."""
    return mark_safe(summary_html(ensemble, year))  # noqa: S308 - summary_html escapes what it writes


@register.simple_tag
def ensemble_cards(ensembles: list[Ensemble], year: AcademicYear | None, is_guardian: bool) -> SafeString:
    """{% ensemble_cards ensembles year is_guardian %}: a card an ensemble, its name linking to its page, with
    its summary and, for a parent or carer, its apply button (the apply page sits under the ensemble's)."""
    cards = []
    for ensemble in ensembles:
        name, detail = escape(ensemble.name), id_url("ensembles:public-detail", ensemble.slug)
        apply = (
            f'<a class="btn btn-outline-primary btn-sm mt-2" href="{detail}apply/">Apply'
            f'<span class="visually-hidden"> to {name}</span></a>\n'
            if is_guardian
            else ""
        )
        cards.append(
            f'<li class="card mb-3"><article class="card-body" aria-labelledby="ensemble-{ensemble.pk}">\n'
            f'<h2 class="h5 card-title" id="ensemble-{ensemble.pk}"><a href="{detail}">{name}</a></h2>\n'
            f"{summary_html(ensemble, year)}\n{apply}</article></li>"
        )
    return mark_safe("\n".join(cards))  # noqa: S308 - every value in it goes through escape()

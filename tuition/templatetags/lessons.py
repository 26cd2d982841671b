"""Template filters and tags of the lesson pages."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from hub.money import pounds
from tuition.selectors.requests import InstrumentLessons

register = template.Library()


@register.filter
def age_on(pupil, day) -> int:
    """{{ pupil|age_on:today }} -> 10."""
    return pupil.age_on(day)


@register.simple_tag
def lesson_fee_rows(taught: list[InstrumentLessons]) -> SafeString:
    """The rows of a child's table of lessons and termly fees (selectors.requests.lessons_taught): each
    instrument's name over its lesson types, and each fee less the child's remissions. Written in one pass:
    a school teaching a dozen lesson types spent more time in the template's look-ups than in its SQL."""
    rows = []
    for item in taught:
        for number, choice in enumerate(item.choices):
            lesson_type, fee = choice.lesson_type, choice.fee
            head = (
                f'<th scope="row" rowspan="{len(item.choices)}">{escape(item.instrument.name)}</th>'
                if number == 0
                else ""
            )
            if fee.reductions:
                off = "".join(
                    f"<br><span>{escape(reduction.description)}: −{pounds(reduction.amount)}</span>"
                    for reduction in fee.reductions
                )
                shown = f"{pounds(fee.fee)} {off} <br><strong>You pay {pounds(fee.to_pay)}</strong>"
            else:
                shown = pounds(fee.to_pay)
            rows.append(
                f'<tr> {head} <td>{escape(lesson_type.name)} <span class="text-body-secondary">'
                f"({lesson_type.minutes} minutes, {escape(str(lesson_type.academic_year))})</span></td> "
                f'<td>{lesson_type.lessons_per_term}</td> <td class="text-end"> {shown} </td> </tr>'
            )
    return mark_safe("\n".join(rows))  # noqa: S308 - every name and description in it goes through escape()

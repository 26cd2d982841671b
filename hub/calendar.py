"""Which academic or financial year a day falls in: the one place for these rules."""

import datetime

from hub.models import AcademicYear, FinancialYear


def financial_year_for(day: datetime.date) -> FinancialYear | None:
    """The financial year (1 April to 31 March) holding the day, if it is set up."""
    return FinancialYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


def academic_year_for(day: datetime.date) -> AcademicYear | None:
    """The academic year (1 September to 31 August) holding the day, if it is set up."""
    return AcademicYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()

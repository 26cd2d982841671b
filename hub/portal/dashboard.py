"""Floor 3: the live figures on each staff role's home page, read across the apps."""

import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet
from django.utils import timezone

from ensembles.selectors.applications import to_decide
from ensembles.selectors.attendance import absences_ahead, next_register
from ensembles.selectors.ensembles import led_ids
from hub.billing.aged_debt import debt_summary
from hub.models import Guardian, InstrumentType, OutgoingEmail, StaffProfile, StaffRole, User
from hub.selectors import pending_invitations
from instruments.selectors import store_day
from schools.models import EqualityRecord, Pupil, RemissionAward, School, SchoolContact, Subscription
from schools.selectors.people import can_see_equality
from tuition.selectors.week import tutor_week


def counts(**lists: QuerySet) -> dict[str, int]:
    """How many rows each query has, all counted in one round trip: a SELECT of one subquery a count, each
    run once. The hub admin's eight figures took nine queries, a third of their page's time in round trips."""
    parts, params = [], []
    for name, rows in lists.items():
        sql, values = rows.order_by().values("pk").query.sql_with_params()
        parts.append(f'(SELECT COUNT(*) FROM ({sql}) counted) AS "{name}"')  # noqa: S608 - the ORM's SQL
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)  # the values go as parameters
        return dict(zip(lists, cursor.fetchone(), strict=True))


def admin_figures() -> dict:
    return counts(
        open_schools=School.objects.exclude(status=School.Status.CLOSED),
        schools=School.objects.all(),
        school_contacts=SchoolContact.objects.all(),
        staff=User.objects.filter(groups__name__in=StaffRole.values).distinct(),
        pending_invitations=pending_invitations(),
        guardians=Guardian.objects.all(),
        pupils=Pupil.objects.all(),
        failed_emails=OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED),
        remissions_to_decide=RemissionAward.objects.filter(status=RemissionAward.Status.PENDING),
    )


def remissions_to_decide() -> int:
    return RemissionAward.objects.filter(status=RemissionAward.Status.PENDING).count()


def finance_figures() -> dict:
    orders = Subscription.objects.aggregate(
        submitted=Count("id", filter=Q(status=Subscription.Status.SUBMITTED)),
        approved=Count("id", filter=Q(status=Subscription.Status.APPROVED)),
    )
    debt = debt_summary()
    guardians = Guardian.objects.aggregate(
        all=Count("pk"), without_address=Count("pk", filter=Q(postcode=""))
    )
    return {
        "orders_to_approve": orders["submitted"],
        "approved_orders": orders["approved"],
        "outstanding": debt["total"],
        "overdue": debt["overdue"],
        # Counted on the contacts: a count of distinct schools compared every column of each school's rows.
        "ordering_schools": SchoolContact.objects.filter(can_order=True).aggregate(
            schools=Count("school", distinct=True)
        )["schools"],
        "guardians": guardians["all"],
        "guardians_without_address": guardians["without_address"],
        "remissions_to_decide": remissions_to_decide(),
    }


def tutor_figures(user) -> dict:
    # The profile with the names of the instruments taught, in one query; the page reads the profile again
    # through the user (the timetable's link), so it is kept there.
    taught = InstrumentType.objects.filter(tutors=OuterRef("pk")).order_by("family", "name").values("name")
    profile = StaffProfile.objects.filter(user=user).annotate(taught=ArraySubquery(taught)).first()
    if profile is not None:
        user.staff_profile = profile
    checked = profile.dbs_checked_on if profile else None
    renew_by = profile.safeguarding_renewal_due if profile else None
    return {
        "instruments": profile.taught if profile else [],  # type: ignore[attr-defined]
        "dbs_checked_on": checked,
        "dbs_renew_by": renew_by,
        "dbs_due": renew_by is None or renew_by <= timezone.localdate() + datetime.timedelta(days=60),
        # Their week: today's lessons, registers not yet marked, their pupils (a fixed number of queries).
        "week": tutor_week(profile, timezone.localdate()) if profile else None,
    }


def store_figures() -> dict:
    """The store's work waiting and its stock, and the instruments ready to hand over."""
    return {
        **store_day.store_figures(timezone.localdate()),
        "ready": store_day.ready_to_check_out(),
    }


def inclusion_figures() -> dict:
    """Totals of equality answers; a "not given" (None) counts as neither yes nor no."""
    pupils = Pupil.objects.count()
    records = EqualityRecord.objects.aggregate(
        all=Count("id"),
        fsm=Count("id", filter=Q(free_school_meals=True)),
        send=Count("id", filter=Q(send__in=["K", "E"])),
        looked_after=Count("id", filter=Q(looked_after=True)),
    )
    return {
        "pupils": pupils,
        "with_record": records["all"],
        "record_share": round(100 * records["all"] / pupils) if pupils else 0,
        "fsm": records["fsm"],
        "send": records["send"],
        "looked_after": records["looked_after"],
    }


def ensemble_figures(user) -> dict:
    """How many ensembles the leader leads (and, of them, how many families can find), the applications to
    them that wait for a decision (the longest-waiting listed), the next register to take, and the absences
    families reported for the next two weeks."""
    led = led_ids(user)
    today = timezone.localdate()
    waiting, oldest = to_decide(led)
    absences, absences_shown = absences_ahead(led, today)
    return {
        "ensembles": len(led),
        "listed": sum(led.values()),
        "to_decide": waiting,
        "applications": oldest,
        "next_register": next_register(led, today),
        "absences": absences,
        "absences_shown": absences_shown,
        "absences_more": absences - len(absences_shown),
    }


def figures_for(user, roles: frozenset[str]) -> dict:
    """The figures each of the user's roles shows on the staff home page."""
    builders = {
        StaffRole.HUB_ADMIN: admin_figures,
        StaffRole.FINANCE: finance_figures,
        StaffRole.TUTOR: lambda: tutor_figures(user),
        StaffRole.INSTRUMENT_STORE: store_figures,
        StaffRole.ENSEMBLE_LEADER: lambda: ensemble_figures(user),
        StaffRole.INCLUSION_LEAD: inclusion_figures,
    }
    shown = [role for role in StaffRole.values if role in roles]
    if StaffRole.INCLUSION_LEAD in shown and not can_see_equality(user):
        # Equality totals follow the permission that opens equality data, not the role's name.
        shown.remove(StaffRole.INCLUSION_LEAD)
    return {role: builders[role]() for role in shown}

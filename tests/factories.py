"""factory_boy factories for the people, schools and calendar every test stands on."""

import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from hub import calendar
from hub.models import AcademicYear, Area, Guardian, InstrumentType, StaffProfile, Term, User
from schools.models import EqualityRecord, Pupil, School, SchoolContact

PASSWORD = "a-long-test-password-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")

    @factory.post_generation
    def password(self, create, value, **kwargs):
        self.set_password(value or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: 900000 + n)
    name = factory.Sequence(lambda n: f"Test Primary School {n}")
    phase = "Primary"
    establishment_type = "Community school"
    la_code = "931"
    la_name = "Northshire"
    town = "Ashby"
    postcode = "NS1 2AB"
    number_on_roll = 240
    boys = 120
    girls = 120
    percentage_fsm = "21.50"
    area = factory.SubFactory(AreaFactory)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    user = factory.SubFactory(UserFactory)
    address_line_1 = "1 High Street"
    town = "Ashby"
    postcode = "NS1 1AA"


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(2016, 3, 14)
    school = factory.SubFactory(SchoolFactory)

    @factory.post_generation
    def guardians(self, create, value, **kwargs):
        if create and value:
            self.guardians.add(*value)


class EqualityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EqualityRecord

    pupil = factory.SubFactory(PupilFactory)
    gender = "F"
    ethnicity = "WBRI"
    send = "N"
    free_school_meals = True


class SchoolContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolContact

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = SchoolContact.Role.BUSINESS_MANAGER
    can_order = True


class InstrumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstrumentType
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Instrument {n}")
    slug = factory.Sequence(lambda n: f"instrument-{n}")
    family = "strings"


def make_staff(*roles: str, mfa: bool = True, **user_fields) -> User:
    """A member of staff holding the roles, with an authenticator app unless mfa=False."""
    user = UserFactory(**user_fields)
    StaffProfile.objects.create(user=user)
    user.groups.add(*Group.objects.filter(name__in=roles))
    if mfa:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
    return user


def make_academic_year(start_year: int) -> AcademicYear:
    starts_on, ends_on = calendar.academic_year_dates(start_year)
    year = AcademicYear.objects.create(
        name=calendar.academic_year_name(start_year), starts_on=starts_on, ends_on=ends_on
    )
    terms = [
        ("autumn", (start_year, 9, 3), (start_year, 12, 18)),
        ("spring", (start_year + 1, 1, 5), (start_year + 1, 3, 26)),
        ("summer", (start_year + 1, 4, 12), (start_year + 1, 7, 21)),
    ]
    for kind, start, end in terms:
        Term.objects.create(
            academic_year=year, kind=kind, starts_on=datetime.date(*start), ends_on=datetime.date(*end)
        )
    return year

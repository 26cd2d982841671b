"""Names typed or imported lose control characters: a line break in a name makes an e-mail that can never be
sent (BadHeaderError), so each run of them becomes one space."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from hub.forms import GuardianDetailsForm
from hub.models import Invitation, User
from hub.text import NameField, clean_text
from schools.forms.catalogue import PackageForm, ServiceForm
from schools.forms.orders import SubmitOrderForm
from schools.models import Pupil, School, SchoolContact
from tests import factories, sla_factories

names_migration = importlib.import_module("schools.migrations.0006_names_on_one_line")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Oakfield\nPrimary", "Oakfield Primary"),
        ("Oakfield \r\n Primary", "Oakfield Primary"),
        ("Ann\tMarie", "Ann Marie"),
        ("A\x00B\x07C\x1bD\x7fE", "A B C D E"),
        ("Next\x85Line and C1\x9bcontrol", "Next Line and C1 control"),
        ("Line\u2028separator\u2029paragraph", "Line separator paragraph"),
        ("\n Leading and trailing \n", "Leading and trailing"),
        ("Zoë  Brontë-O’Neill", "Zoë  Brontë-O’Neill"),
        ("\r\n\t", ""),
    ],
)
def test_clean_text_puts_a_name_on_one_line(typed, kept):
    assert clean_text(typed) == kept


def test_a_name_field_cleans_before_it_checks_length_and_presence():
    field = NameField(max_length=10)
    assert field.clean("Ann\n\nLee") == "Ann Lee"
    with pytest.raises(Exception, match="This field is required"):
        field.clean("\n\t")


def test_a_parent_who_signs_up_with_a_line_break_in_their_name_gets_it_on_one_line(client, db):
    data = {
        "first_name": "Sam\r\nBcc: victim@example.org",
        "last_name": "Lee\t",
        "email": "sam@example.org",
        "password1": "cello-practice-99",
        "password2": "cello-practice-99",
    }
    assert client.post(reverse("account_signup"), data).status_code == 302
    user = User.objects.get(email="sam@example.org")
    assert (user.first_name, user.last_name) == ("Sam Bcc: victim@example.org", "Lee")


def test_a_parent_changing_their_details_stores_names_and_address_on_one_line(client, guardian):
    client.force_login(guardian.user)
    data = {
        "first_name": "Ann\nMarie",
        "last_name": "Lee",
        "phone": "01632\t960000",
        "address_line_1": "1 High Street\r\nFlat 2",
        "address_line_2": "",
        "town": "Brindleton",
        "postcode": "NS1 1AA",
    }
    response = client.post(reverse("hub:guardian-details"), data)
    assert response.status_code == 302
    guardian.refresh_from_db()
    guardian.user.refresh_from_db()
    assert guardian.user.first_name == "Ann Marie"
    assert (guardian.address_line_1, guardian.phone) == ("1 High Street Flat 2", "01632 960000")


def test_a_childs_name_and_other_school_are_stored_on_one_line(client, guardian):
    client.force_login(guardian.user)
    data = {
        "first_name": "Maya\n",
        "last_name": "Ng\x0bTan",
        "date_of_birth": "2015-10-01",
        "school_not_listed": "on",
        "other_school_name": "Home\r\neducated",
        "eq-gender": "",
        "eq-ethnicity": "",
        "eq-send": "",
    }
    assert client.post(reverse("schools:child-add"), data).status_code == 302
    pupil = Pupil.objects.get()
    assert (pupil.first_name, pupil.last_name, pupil.other_school_name) == ("Maya", "Ng Tan", "Home educated")


def test_an_invited_school_contact_and_staff_member_get_names_on_one_line(client, hub_admin, school):
    client.force_login(hub_admin)
    client.post(
        reverse("schools:contact-invite", kwargs={"urn": school.urn}),
        {
            "email": "ola@school.example.org",
            "first_name": "Ola\n",
            "last_name": "Ade\r\nX",
            "role": "music_lead",
        },
    )
    client.post(
        reverse("hub:staff-invite"),
        {"email": "kit@hub.example.org", "first_name": "Kit\x1b", "last_name": "Hale", "roles": ["Tutor"]},
    )
    contact = SchoolContact.objects.get(school=school).user
    assert (contact.first_name, contact.last_name) == ("Ola", "Ade X")
    assert Invitation.objects.filter(user__first_name="Kit", user__last_name="Hale").exists()


def test_a_catalogue_service_added_with_a_line_break_in_its_name_is_stored_on_one_line(client, hub_admin, db):
    standard = sla_factories.make_catalogue(published=False)
    client.force_login(hub_admin)
    year = standard.catalogue.financial_year.name
    response = client.post(
        reverse("schools:service-add", kwargs={"year": year}),
        {
            "code": "workshop",
            "name": "Half-day\nworkshop",
            "unit": "session",
            "unit_price": "275",
            "vat_rate": "0",
        },
    )
    assert response.status_code == 302
    assert standard.catalogue.services.get(code="workshop").name == "Half-day workshop"


@pytest.mark.parametrize(
    ("form_class", "data"),
    [
        (
            ServiceForm,
            {"code": "w", "name": "Work\nshop", "unit": "session", "unit_price": "1", "vat_rate": "0"},
        ),
        (PackageForm, {"code": "gold", "name": "Work\nshop", "price": "1", "vat_rate": "0"}),
        (SubmitOrderForm, {"accept": "on", "name": "Work\nshop"}),
    ],
)
def test_catalogue_names_and_the_signature_name_are_cleaned_by_their_forms(db, form_class, data):
    form = form_class(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Work shop"


def test_the_guardian_details_form_uses_one_line_fields_for_the_address():
    fields = GuardianDetailsForm().fields
    assert all(isinstance(fields[name], NameField) for name in ("first_name", "address_line_1", "town"))


def test_the_migration_puts_names_already_stored_on_one_line(db):
    broken = factories.SchoolFactory(name="Oakfield\r\nPrimary", head_name="Mrs\tA Lee", street="1 Lane\n")
    fine = factories.SchoolFactory(name="Hillside Primary")
    pupil = factories.PupilFactory(school=fine, first_name="Maya\x0b", last_name="Ng\u2028Tan")

    names_migration.names_on_one_line(apps, None)

    broken.refresh_from_db()
    pupil.refresh_from_db()
    assert (broken.name, broken.head_name, broken.street) == ("Oakfield Primary", "Mrs A Lee", "1 Lane")
    assert (pupil.first_name, pupil.last_name) == ("Maya", "Ng Tan")
    assert School.objects.get(pk=fine.pk).name == "Hillside Primary"

"""One error pattern for every form: the "Error: " title, the summary's links, each field pointing at its
message, and the order form's live total (hub/form_errors.py, templates/_error_summary.html)."""

import re

import pytest
from django import forms
from django.urls import reverse

from hub.form_errors import ErrorLink, ErrorSummaryMixin, error_links, invalid_forms
from tests import sla_factories
from tests.error_pattern import field_error_html
from tests.factories import PASSWORD


class _Lesson(ErrorSummaryMixin, forms.Form):
    name = forms.CharField(label="Pupil's name")
    instrument = forms.ChoiceField(
        label="Instrument", choices=[("violin", "Violin"), ("cello", "Cello")], widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="Days", choices=[("mon", "Monday"), ("tue", "Tuesday")], widget=forms.CheckboxSelectMultiple
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("No lessons can be booked this term.")


class _Booking(_Lesson):
    non_field_errors_field = "name"


def test_each_error_links_to_its_field_and_a_groups_link_to_its_first_choice():
    form = _Lesson(data={"name": "Amira", "instrument": "harp"})
    assert error_links(form) == [
        ErrorLink("No lessons can be booked this term.", "id_name"),
        ErrorLink("Select a valid choice. harp is not one of the available choices.", "id_instrument_0"),
        ErrorLink("Days: This field is required.", "id_days_0"),
        ErrorLink("Token: This field is required.", None),
    ]


def test_a_form_can_show_its_non_field_errors_at_a_field_of_its_choosing():
    form = _Booking(data={"name": "Amira", "instrument": "violin", "days": ["mon"], "token": "x"})
    assert not form.is_valid()
    assert form.errors == {"name": ["No lessons can be booked this term."]}
    html = str(form["name"])
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_error"' in html


def test_a_form_can_point_a_link_at_a_control_its_template_renders_by_hand():
    class _Searched(_Lesson):
        error_targets = {"instrument": "instrument-search"}

    form = _Searched(data={"name": "Amira", "instrument": "harp", "days": ["mon"], "token": "x"})
    links = error_links(form)
    assert [link.target for link in links] == ["id_name", "instrument-search"]


def test_a_formsets_errors_follow_its_rows_and_its_own_link_to_the_first_field():
    rows = forms.formset_factory(_Lesson, max_num=1, validate_max=True)(
        data={"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-instrument": "violin"}
    )
    links = error_links(rows)
    assert links[0] == ErrorLink("Please submit at most 1 form.", "id_form-0-name")
    assert ErrorLink("Pupil's name: This field is required.", "id_form-0-name") in links


def test_only_bound_forms_with_errors_count_and_each_once():
    bad = _Lesson(data={})
    assert invalid_forms([bad, _Lesson(), "text", bad, None]) == [bad]


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_the_title_starts_with_error_only_when_a_form_on_the_page_has_errors(client, guardian, school):
    client.force_login(guardian.user)
    url = reverse("schools:child-add")
    assert _title(client.get(url)).startswith("Add a child")
    response = client.post(url, {"first_name": "Tom", "last_name": "Smith", "date_of_birth": "2099-01-01"})
    assert _title(response).startswith("Error: Add a child")
    html = response.content.decode()
    assert '<a href="#id_date_of_birth">The date of birth cannot be in the future.</a>' in html
    assert (
        '<a href="#id_school">Choose your child&#x27;s school, or tick the box if it is not listed.</a>'
        in html
    )
    assert 'aria-describedby="id_date_of_birth_error"' in html
    assert field_error_html("id_date_of_birth", "The date of birth cannot be in the future.") in html


def test_a_wrong_password_is_shown_at_the_email_address_and_linked_from_the_summary(client, guardian):
    response = client.post(reverse("account_login"), {"login": guardian.user.email, "password": "wrong"})
    html = response.content.decode()
    assert _title(response).startswith("Error: ")
    message = "The email address and/or password you specified are not correct."
    assert f'<a href="#id_login">{message}</a>' in html
    email = re.search(r'<input[^>]*id="id_login"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in email
    assert 'aria-describedby="id_login_error"' in email
    assert field_error_html("id_login", message) in html
    assert "alert-danger" not in html
    signed_in = client.post(reverse("account_login"), {"login": guardian.user.email, "password": PASSWORD})
    assert signed_in.status_code == 302


@pytest.fixture
def standard(db):
    return sla_factories.make_catalogue()


def _order_url(school, standard) -> str:
    return reverse(
        "schools:order-create", kwargs={"urn": school.urn, "year": standard.catalogue.financial_year.name}
    )


def test_an_empty_order_is_refused_inside_the_package_group(client, standard, school, contact):
    client.force_login(contact.user)
    response = client.post(
        _order_url(school, standard),
        {"package": "", "instalments": "3", "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0"},
    )
    html = response.content.decode()
    assert _title(response).startswith("Error: ")
    assert '<a href="#id_package_0">Choose a package or add at least one service.</a>' in html
    fieldset = re.search(
        r'<fieldset class="mb-4" aria-describedby="id_package_error">(.*?)</fieldset>', html, re.S
    )
    assert fieldset, "the package group names its message"
    group = fieldset.group(1)
    assert '<legend class="h4">Package</legend>' in group
    assert field_error_html("id_package", "Choose a package or add at least one service.") in group
    assert group.count('aria-invalid="true"') == group.count('type="radio"') == 2  # Silver, and no package
    assert 'id="id_package_0"' in group


def test_the_running_total_is_announced_alone_and_the_table_is_not_live(client, standard, school, contact):
    client.force_login(contact.user)
    page = client.get(_order_url(school, standard)).content.decode()
    assert re.search(r'<div id="order-totals">', page)
    assert "aria-live" not in page.split('id="order-totals"')[1].split("</section>")[0]
    assert '<p class="visually-hidden" role="status" id="order-total-status"></p>' in page
    swap = client.post(
        reverse(
            "schools:order-totals", kwargs={"urn": school.urn, "year": standard.catalogue.financial_year.name}
        ),
        {"package": str(standard.silver.pk), "lines-TOTAL_FORMS": "0"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert '<p id="order-total-status" hx-swap-oob="innerHTML">Total £2,450.00</p>' in swap

"""Forms for delivery: logging a delivery against an order, and finding orders to log against."""

from django import forms
from django.utils import timezone

from hub.calendar import financial_year_for
from hub.forms import Select, WrittenSelect
from hub.models import User
from hub.text import NameField
from schools.forms.fields import NoTagForm, quantity_field
from schools.models import Service, Subscription


class TutorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class DeliveryForm(NoTagForm):
    delivered_on = forms.DateField(
        label="Date delivered", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), empty_label="Choose a service", widget=Select
    )
    quantity = quantity_field()
    delivered_by = TutorChoiceField(
        label="Delivered by", queryset=User.objects.none(), empty_label="Choose the tutor", widget=Select
    )
    class_name = NameField(
        label="Class", max_length=60, required=False, help_text="Needed for class teaching, e.g. Year 4 Oak."
    )
    pupils_reached = forms.IntegerField(
        label="Pupils reached", min_value=1, required=False, help_text="Needed for class teaching."
    )
    notes = forms.CharField(max_length=200, required=False)

    def __init__(
        self,
        *args,
        subscription: Subscription,
        services: list[Service],
        tutors,
        tutor_choices: list[tuple[int, str]],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.year = subscription.catalogue.financial_year
        # The services are those the page's usage table has read: the select lists them as they are, and
        # only a posted choice is looked up (among them).
        self.fields["service"].queryset = Service.objects.filter(pk__in=[service.pk for service in services])
        self.fields["service"].choices = [("", self.fields["service"].empty_label)] + [
            (service.pk, str(service)) for service in services
        ]
        self.fields["delivered_by"].queryset = tutors
        self.fields["delivered_by"].choices = [("", self.fields["delivered_by"].empty_label), *tutor_choices]

    def clean_delivered_on(self):
        day = self.cleaned_data["delivered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        if financial_year_for(day) != self.year:
            raise forms.ValidationError(
                f"Give a date in the order's financial year, {self.year.starts_on:%d/%m/%Y} to "
                f"{self.year.ends_on:%d/%m/%Y}."
            )
        return day

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity <= 0:
            raise forms.ValidationError("The quantity must be more than zero.")
        return quantity

    def clean(self):
        cleaned = super().clean()
        service = cleaned.get("service")
        if service is not None and service.is_class_teaching:
            if not (cleaned.get("class_name") or "").strip():
                self.add_error("class_name", f"{service.name} is class teaching: give the class.")
            if not cleaned.get("pupils_reached"):
                self.add_error(
                    "pupils_reached", f"{service.name} is class teaching: give the pupils reached."
                )
        return cleaned


class DeliverySearchForm(forms.Form):
    MINE, ALL = "mine", "all"
    q = forms.CharField(label="School name or URN", required=False)
    schools = forms.ChoiceField(
        label="Schools",
        required=False,
        choices=[(MINE, "My schools (where I teach)"), (ALL, "All schools")],
        widget=WrittenSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, data=None, *, tutor: bool = False, has_schools: bool = False, **kwargs):
        # A tutor starts from their own schools once they have some; a new tutor starts from all of them.
        default = self.MINE if has_schools else self.ALL
        if data is not None and not data.get("schools"):
            data = data.copy()
            data["schools"] = default
        super().__init__(data, initial={"schools": default}, **kwargs)
        if not tutor:
            del self.fields["schools"]

    def only_mine(self) -> bool:
        return "schools" in self.fields and self["schools"].value() == self.MINE

"""Forms of the SLA: they validate and convert what people type; services do the writing."""

from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from hub.models import FinancialYear, User
from hub.text import NameField
from schools.models import Catalogue, Package, Service, Subscription
from schools.sla_fields import price_field, quantity_field
from schools.sla_limits import (
    AMENDMENT_TOO_LARGE,
    MAX_PACKAGE_PRICE,
    MAX_QUANTITY,
    MAX_UNIT_PRICE,
    PACKAGE_PRICE_TOO_LARGE,
    UNIT_PRICE_TOO_LARGE,
)

QUANTITY_HELP = "Hours, sessions, pupils or classes, as the service's unit says."


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class NoTagForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


# --- Catalogue ----------------------------------------------------------------------------------------------


class CatalogueForm(forms.ModelForm):
    class Meta:
        model = Catalogue
        fields = ["order_deadline", "terms"]
        labels = {"order_deadline": "Ordering deadline", "terms": "Terms and conditions"}
        help_texts = {"order_deadline": "The last day schools can submit an order. Leave empty for none."}
        widgets = {
            "order_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "terms": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        if self.instance.is_published:
            self.fields["terms"].disabled = True
            self.fields["terms"].help_text = "Schools have accepted these terms, so they are fixed."


class ServiceForm(forms.ModelForm):
    unit_price = price_field("Unit price (£)", cap=MAX_UNIT_PRICE, too_large=UNIT_PRICE_TOO_LARGE)

    class Meta:
        model = Service
        fields = ["code", "name", "description", "unit", "unit_price", "vat_rate", "is_class_teaching"]
        field_classes = {"name": NameField}
        labels = {"unit_price": "Unit price (£)", "is_class_teaching": "Class teaching"}
        help_texts = {"code": "Short, unique in the catalogue: letters, numbers and hyphens."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["vat_rate"].widget.attrs.update(min=0, max=100)


class PackageForm(forms.ModelForm):
    price = price_field("Package price (£)", cap=MAX_PACKAGE_PRICE, too_large=PACKAGE_PRICE_TOO_LARGE)

    class Meta:
        model = Package
        fields = ["code", "name", "description", "price", "vat_rate"]
        field_classes = {"name": NameField}
        labels = {"price": "Package price (£)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_vat_rate(self):
        rate = self.cleaned_data["vat_rate"]
        if not 0 <= rate <= 100:
            raise forms.ValidationError("A VAT rate is between 0 and 100.")
        return rate


class ServiceQuantityForm(forms.Form):
    """One row: a service from the catalogue and a quantity of it."""

    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, empty_label="Choose a service"
    )
    quantity = quantity_field(required=False)

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services if services is not None else Service.objects.none()

    def clean(self):
        cleaned = super().clean()
        service, quantity = cleaned.get("service"), cleaned.get("quantity")
        if "quantity" in self.errors:
            return cleaned
        if service is None and quantity is None:
            return cleaned
        if service is None:
            self.add_error("service", "Choose a service for this quantity, or clear the quantity.")
        if quantity is None:
            self.add_error("quantity", "Give a quantity.")
        elif quantity <= 0:
            self.add_error("quantity", "The quantity must be more than zero.")
        return cleaned


class BaseServiceRows(forms.BaseFormSet):
    """Rows of services and quantities; each service appears once."""

    def __init__(self, *args, services=None, **kwargs):
        self.services = services
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "services": self.services}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            services=self.services,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        seen = set()
        for form in self.forms:
            service = form.cleaned_data.get("service") if hasattr(form, "cleaned_data") else None
            if service is None:
                continue
            if service.pk in seen:
                form.add_error(
                    "service", f"{service.name} is already on another line: add the quantities together."
                )
            seen.add(service.pk)

    def rows(self) -> list[tuple[Service, Decimal]]:
        """The filled-in rows of a valid formset."""
        return [
            (form.cleaned_data["service"], form.cleaned_data["quantity"])
            for form in self.forms
            if form.cleaned_data.get("service") is not None
        ]


def service_rows(data, *, prefix: str, services, initial=None, blank_rows: int = 2, add: bool = False):
    """A formset of service rows: bound to posted data, or the saved rows plus a few blank ones to fill in."""
    formset_class = forms.formset_factory(ServiceQuantityForm, formset=BaseServiceRows, extra=blank_rows)
    if data is not None and add:
        # "Add another line": show what was typed (unvalidated) and one more blank row.
        initial = _typed_rows(data, prefix)
        formset_class = forms.formset_factory(ServiceQuantityForm, formset=BaseServiceRows, extra=1)
        return formset_class(prefix=prefix, services=services, initial=initial)
    if data is not None:
        return formset_class(data, prefix=prefix, services=services)
    return formset_class(prefix=prefix, services=services, initial=initial or [])


def _typed_rows(data, prefix: str) -> list[dict]:
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 50)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        service, quantity = (
            data.get(f"{prefix}-{index}-service", ""),
            data.get(f"{prefix}-{index}-quantity", ""),
        )
        if service or quantity:
            rows.append({"service": service, "quantity": quantity})
    return rows


class CopyCatalogueForm(NoTagForm):
    to_year = forms.ModelChoiceField(
        label="Copy to financial year", queryset=FinancialYear.objects.none(), empty_label=None
    )
    uplift_percent = forms.DecimalField(
        label="Price uplift (%)",
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("-50"),
        max_value=Decimal("100"),
        initial=Decimal("3.00"),
        help_text="Every service and package price is raised by this much, rounded to the penny.",
    )

    def __init__(self, *args, years=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_year"].queryset = years if years is not None else FinancialYear.objects.none()


# --- Orders -------------------------------------------------------------------------------------------------


class PackageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, package):
        return package.name


class OrderForm(NoTagForm):
    package = PackageChoiceField(
        queryset=Package.objects.none(),
        required=False,
        empty_label="No package: extra services only",
        widget=forms.RadioSelect,
    )
    instalments = forms.TypedChoiceField(
        label="How the school will pay",
        choices=Subscription.Instalments.choices,
        coerce=int,
        initial=Subscription.Instalments.TERMLY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, catalogue: Catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = catalogue.packages.order_by("price", "name")


def order_is_valid(form: OrderForm, lines: BaseServiceRows) -> bool:
    """Both parts of the order form are valid, and between them they order something."""
    valid = form.is_valid() & lines.is_valid()
    if valid and form.cleaned_data["package"] is None and not lines.rows():
        form.add_error(None, "Choose a package or add at least one service.")
        return False
    return valid


def lenient_rows(data, *, prefix: str, services) -> list[tuple[Service, Decimal]]:
    """The rows typed so far that make sense, for a running total while the school is still typing."""
    by_pk = {str(service.pk): service for service in services}
    rows = []
    for row in _typed_rows(data, prefix):
        service = by_pk.get(row["service"])
        try:
            quantity = Decimal(row["quantity"].strip())
        except (InvalidOperation, AttributeError):
            continue
        if service is not None and quantity.is_finite() and 0 < quantity <= MAX_QUANTITY:
            rows.append((service, quantity))
    return rows


class SubmitOrderForm(NoTagForm):
    accept = forms.BooleanField(
        label="I accept the terms on behalf of the school",
        error_messages={"required": "Tick the box to accept the terms."},
    )
    name = NameField(
        label="Your full name",
        max_length=150,
        help_text="Typed as a signature; it is recorded with the date and time.",
        error_messages={"required": "Type your name to accept the terms."},
    )


class ReturnOrderForm(NoTagForm):
    comment = forms.CharField(
        label="Why are you returning it?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The school sees this and can change the order and submit it again.",
        error_messages={"required": "Say why the order is being returned."},
    )


class AmendmentForm(NoTagForm):
    service = forms.ModelChoiceField(queryset=Service.objects.none(), empty_label="Choose a service")
    quantity = forms.DecimalField(
        min_value=-MAX_QUANTITY,
        max_value=MAX_QUANTITY,
        decimal_places=2,
        help_text="A negative quantity reduces the order and produces a credit.",
        error_messages={"min_value": AMENDMENT_TOO_LARGE, "max_value": AMENDMENT_TOO_LARGE},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity == 0:
            raise forms.ValidationError("Give a quantity to add, or a negative one to take away.")
        return quantity


# --- Delivery and the finance list --------------------------------------------------------------------------


class TutorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class DeliveryForm(NoTagForm):
    delivered_on = forms.DateField(
        label="Date delivered", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    service = forms.ModelChoiceField(queryset=Service.objects.none(), empty_label="Choose a service")
    quantity = quantity_field()
    delivered_by = TutorChoiceField(
        label="Delivered by", queryset=User.objects.none(), empty_label="Choose the tutor"
    )
    class_name = NameField(
        label="Class", max_length=60, required=False, help_text="Needed for class teaching, e.g. Year 4 Oak."
    )
    pupils_reached = forms.IntegerField(
        label="Pupils reached", min_value=1, required=False, help_text="Needed for class teaching."
    )
    notes = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, subscription: Subscription, services, tutors, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = subscription.catalogue.financial_year
        self.fields["service"].queryset = services
        self.fields["delivered_by"].queryset = tutors

    def clean_delivered_on(self):
        day = self.cleaned_data["delivered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        if not self.year.starts_on <= day <= self.year.ends_on:
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


class OrderFilterForm(forms.Form):
    year = forms.ModelChoiceField(
        label="Financial year",
        queryset=FinancialYear.objects.none(),
        required=False,
        empty_label="All years",
        to_field_name="name",
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *Subscription.Status.choices], required=False
    )
    q = forms.CharField(label="School name", required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = years


class DeliverySearchForm(forms.Form):
    MINE, ALL = "mine", "all"
    q = forms.CharField(label="School name or URN", required=False)
    schools = forms.ChoiceField(
        label="Schools",
        required=False,
        choices=[(MINE, "My schools (where I teach)"), (ALL, "All schools")],
        widget=forms.Select(attrs={"class": "form-select"}),
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

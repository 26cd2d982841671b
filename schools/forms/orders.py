"""Forms for SLA orders: the order and its service rows, submission, finance's return and amendment."""

from decimal import Decimal, InvalidOperation

from django import forms

from hub.form_errors import ErrorSummaryMixin
from hub.forms import WrittenSelect
from hub.models import FinancialYear
from hub.text import NameField
from schools.forms.fields import NoTagForm, quantity_field
from schools.limits import (
    AMENDMENT_TOO_LARGE,
    MAX_QUANTITY,
)
from schools.models import Catalogue, Package, Service, Subscription


class ServiceQuantityForm(ErrorSummaryMixin, forms.Form):
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
        form.add_error("package", "Choose a package or add at least one service.")
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


class OrderFilterForm(forms.Form):
    year = forms.ModelChoiceField(
        label="Financial year",
        queryset=FinancialYear.objects.none(),
        required=False,
        empty_label="All years",
        to_field_name="name",
        widget=WrittenSelect,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status"), *Subscription.Status.choices],
        required=False,
        widget=WrittenSelect,
    )
    q = forms.CharField(label="School name", required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = years

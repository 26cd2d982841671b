"""Forms for the SLA catalogue: its settings, services, packages, and copying it to another year."""

from decimal import Decimal

from django import forms

from hub.form_errors import ErrorSummaryMixin
from hub.models import FinancialYear
from hub.text import NameField
from schools.forms.fields import NoTagForm, form_helper, price_field
from schools.limits import MAX_PACKAGE_PRICE, MAX_UNIT_PRICE, PACKAGE_PRICE_TOO_LARGE, UNIT_PRICE_TOO_LARGE
from schools.models import Catalogue, Package, Service


class CatalogueForm(ErrorSummaryMixin, forms.ModelForm):
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
        self.helper = form_helper()
        if self.instance.is_published:
            self.fields["terms"].disabled = True
            self.fields["terms"].help_text = "Schools have accepted these terms, so they are fixed."


class ServiceForm(ErrorSummaryMixin, forms.ModelForm):
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
        self.helper = form_helper()
        self.fields["vat_rate"].widget.attrs.update(min=0, max=100)


class PackageForm(ErrorSummaryMixin, forms.ModelForm):
    price = price_field("Package price (£)", cap=MAX_PACKAGE_PRICE, too_large=PACKAGE_PRICE_TOO_LARGE)

    class Meta:
        model = Package
        fields = ["code", "name", "description", "price", "vat_rate"]
        field_classes = {"name": NameField}
        labels = {"price": "Package price (£)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()

    def clean_vat_rate(self):
        rate = self.cleaned_data["vat_rate"]
        if not 0 <= rate <= 100:
            raise forms.ValidationError("A VAT rate is between 0 and 100.")
        return rate


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

"""Forms for remissions: staff's categories and decisions, a family's application and the queue's filter."""

from decimal import Decimal

from crispy_forms.layout import Field, Fieldset, Layout
from django import forms

from hub.billing.models import RemissionCategory
from hub.billing.remissions import describe
from hub.form_errors import ErrorSummaryMixin
from hub.forms import WrittenSelect
from hub.models import AcademicYear
from schools.forms.fields import NoTagForm, form_helper
from schools.models import RemissionAward

COVERS = ["covers_lessons", "covers_hire", "covers_ensembles"]
MAX_OFF = Decimal("100000.00")


def _pounds(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0.01"),
        max_value=MAX_OFF,
        decimal_places=2,
        help_text=help_text,
        error_messages={
            "min_value": "Give a sum of at least £0.01.",
            "max_value": "Give a sum of no more than £100,000.00.",
            "max_decimal_places": "Give pounds and pence, e.g. 45.50.",
            "invalid": "Give a sum in pounds, e.g. 45.50.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class CategoryForm(ErrorSummaryMixin, forms.ModelForm):
    """A category takes either a percentage or a sum off a term, so the form asks which, then how much."""

    kind = forms.ChoiceField(
        label="How much does it take off?",
        choices=[("percent", "A percentage of the fee"), ("amount", "A sum off each term's fee")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a percentage or a sum off."},
    )
    percent = forms.DecimalField(
        label="Percentage off",
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        decimal_places=2,
        help_text="For a percentage: 100 means nothing to pay.",
        error_messages={
            "min_value": "Give a percentage of more than 0.",
            "max_value": "Give a percentage of no more than 100.",
            "max_decimal_places": "Give a percentage to at most two decimal places.",
            "invalid": "Give a percentage as a number, e.g. 50.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    amount = _pounds("Sum off a term (£)", "For a sum: what comes off each term's fee.")
    cap_per_term = _pounds("Most off a term (£), if capped", "Leave empty for no cap.")

    class Meta:
        model = RemissionCategory
        fields = ["name", "reason", "kind", "percent", "amount", "cap_per_term", *COVERS]
        fields += ["evidence_needed", "is_active"]
        labels = {
            "covers_lessons": "Lessons",
            "covers_hire": "Instrument hire",
            "covers_ensembles": "Ensembles",
            "is_active": "Families can apply for it",
            "evidence_needed": "Evidence a family shows",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["kind"] = "percent" if self.instance.percent is not None else "amount"
        self.helper = form_helper()
        self.helper.layout = Layout(
            "name",
            "reason",
            "kind",
            "percent",
            "amount",
            "cap_per_term",
            Fieldset("What it covers", *COVERS),
            "evidence_needed",
            "is_active",
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == "percent":
            cleaned["amount"] = None
            if cleaned.get("percent") is None and "percent" not in self.errors:
                self.add_error("percent", "Give the percentage off.")
        elif kind == "amount":
            cleaned["percent"] = None
            if cleaned.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", "Give the sum off a term.")
        if not any(cleaned.get(name) for name in COVERS):
            self.add_error("covers_lessons", "Choose at least one thing it covers.")
        return cleaned

    def _post_clean(self):
        # The sum and the percentage the form cleared must reach the instance before its checks run.
        for name in ("percent", "amount"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()


class YearChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, year):
        return f"{year} (from {year.starts_on:%-d %B %Y} to {year.ends_on:%-d %B %Y})"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category):
        return f"{category.name} ({describe(category)})"


class ApplicationForm(NoTagForm):
    category = CategoryChoiceField(
        label="Kind of help",
        queryset=RemissionCategory.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of help you are applying for."},
    )
    academic_year = YearChoiceField(
        label="Academic year",
        queryset=AcademicYear.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the academic year."},
    )
    evidence = forms.CharField(
        label="Your evidence",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you can show the hub, e.g. a letter from the school confirming free school meals.",
        error_messages={"required": "Describe the evidence you can show, e.g. a letter from the school."},
    )

    def __init__(self, *args, categories, years: list[AcademicYear], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["academic_year"].queryset = AcademicYear.objects.filter(pk__in=[y.pk for y in years])
        if years:
            self.fields["academic_year"].initial = years[0].pk


class DecisionForm(NoTagForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or decline."},
    )
    note = forms.CharField(
        label="Note to the family",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The family reads this in the e-mail. Needed when you decline.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("decision"), Field("note"))


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[*RemissionAward.Status.choices, ("", "Any status")],
        widget=WrittenSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-select"

"""Staff's filters of the waiting lists, and the offer of a place in a slot."""

from crispy_forms.helper import FormHelper
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from hub.form_errors import ErrorSummaryMixin
from hub.forms import ListedChoiceField
from tuition.models import LessonRequest, TeachingSlot


class WaitingListFilterForm(forms.Form):
    """The template writes the instruments' options itself; a school is found by part of its name or its URN
    (a county has hundreds: typing beats scrolling a list of them)."""

    school = forms.CharField(required=False, max_length=100, strip=True)
    instrument = ListedChoiceField(key="slug")

    def __init__(self, *args, instruments: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].set_objects(instruments)


class ReadOnceChoices(ModelChoiceIterator):
    """The slots' choices from the queryset's rows once read: the page asks whether there are any slots
    before writing their radios, and ModelChoiceIterator's iterator() would read them again."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class SlotChoiceField(forms.ModelChoiceField):
    """A slot by its label of names read with it (waiting_lists.slots_for), not its related models."""

    iterator = ReadOnceChoices

    def label_from_instance(self, slot):
        free = getattr(slot, "free", None)
        places = "" if free is None else f"; {max(free, 0)} of {slot.capacity} free today"
        tutor = f"{slot.tutor_first_name} {slot.tutor_last_name}".strip()
        return (
            f"{slot.get_weekday_display()} {slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}, "
            f"{slot.lesson_type_name}, {tutor}, {slot.year_name}{places}"
        )


class OfferForm(ErrorSummaryMixin, forms.Form):
    slot = SlotChoiceField(
        queryset=TeachingSlot.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a slot."},
    )
    starts_on = forms.DateField(
        label="First lesson on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Give the date of the first lesson."},
    )
    # The service's refusals (a full slot, a day outside the year) are about the slot chosen.
    non_field_errors_field = "slot"

    def __init__(self, *args, lesson_request: LessonRequest, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].to_field_name = "public_id"
        self.lesson_request = lesson_request
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        if day < timezone.localdate():
            raise forms.ValidationError("The first lesson cannot be in the past.")
        return day

    def clean(self):
        cleaned = super().clean()
        slot, day = cleaned.get("slot"), cleaned.get("starts_on")
        if slot and day and day.weekday() != slot.weekday:
            weekday = slot.get_weekday_display()
            self.add_error("starts_on", f"Lessons in that slot are on {weekday}s: choose a {weekday}.")
        return cleaned

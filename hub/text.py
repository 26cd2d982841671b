"""Names on one line. A name goes into e-mail headers, invoices and PDFs; a line break, tab or other control
character in it (typed, pasted or imported from a register CSV) makes an e-mail that can never be sent
(BadHeaderError), so each run of them becomes one space."""

import re

from django import forms

# C0 controls (tab, line feed, carriage return, ...), DEL, C1 controls (including NEL), and Unicode's line and
# paragraph separators: everything that can break a line or a header.
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_CONTROL_RUN = re.compile(rf"[\s{_CONTROL}]*[{_CONTROL}][\s{_CONTROL}]*")


def clean_text(text: str) -> str:
    """The text on one line: each run of control characters, with the spaces around it, becomes one space."""
    return _CONTROL_RUN.sub(" ", text).strip()


class NameField(forms.CharField):
    """A one-line text field (a person's, school's or service's name, an address line): control characters
    become spaces before the length is checked. In a ModelForm: Meta.field_classes = {"name": NameField}."""

    def to_python(self, value):
        value = super().to_python(value)
        if not isinstance(value, str):
            return value
        return clean_text(value) or self.empty_value

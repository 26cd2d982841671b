from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q


class InstrumentFamily(models.TextChoices):
    STRINGS = "strings", "Strings"
    WOODWIND = "woodwind", "Woodwind"
    BRASS = "brass", "Brass"
    PERCUSSION = "percussion", "Percussion"
    KEYBOARD = "keyboard", "Keyboard"
    GUITAR = "guitar", "Guitar"
    VOICE = "voice", "Voice"


class InstrumentType(models.Model):
    """What the hub teaches and lends: lessons, ensembles and the instrument store all point here."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    family = models.CharField(max_length=12, choices=InstrumentFamily.choices)
    sizes = ArrayField(models.CharField(max_length=20), blank=True, default=list)
    hireable = models.BooleanField(default=True)

    class Meta:
        ordering = ["family", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(family=InstrumentFamily.VOICE, hireable=True),
                name="voice_is_never_hireable",
                violation_error_message="Voice cannot be hired: untick “hireable” or choose another family.",
            ),
        ]

    def __str__(self):
        return self.name

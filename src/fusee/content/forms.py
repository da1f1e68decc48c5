from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fusee.content.models import AssetFile, Writer
from fusee.content.recycle import writers_available
from fusee.content.services import MAX_SCRIPT_BYTES
from fusee.core.forms import BootstrapMixin

# "English" alone is the language switcher's entry, which each language names in its own words.
LANGUAGE_CHOICES = [
    ("", _("Detect it")), ("en", pgettext_lazy("language name", "English")), ("fr", _("French")),
    ("es", _("Spanish")), ("it", _("Italian")), ("de", _("German")),
]
SCRIPT_TYPES = ".docx,.txt,.md,.markdown,.vtt,.srt"


class RecyclingForm(BootstrapMixin, forms.Form):
    script = forms.FileField(
        label=_("Webinar script"),
        help_text=_("Word (.docx), text or Markdown, or a transcript (.vtt, .srt)"),
        widget=forms.ClearableFileInput(attrs={"accept": SCRIPT_TYPES}),
    )
    video = forms.FileField(
        label=_("Video of the webinar"), required=False,
        help_text=_(
            "Optional: with a timestamped transcript and ffmpeg installed, the clips are cut from it."
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    writer = forms.ChoiceField(label=_("Writer"), initial=Writer.EXTRACTIVE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        available = writers_available()
        self.fields["writer"].choices = [(v, label) for v, label in Writer.choices if v in available]  # type: ignore[attr-defined]

    def clean_script(self) -> Any:
        script = self.cleaned_data["script"]
        if script.size > MAX_SCRIPT_BYTES:
            raise forms.ValidationError(_("The script is larger than 20 MB."))
        return script


class AssetEditForm(forms.Form):
    """One textarea per text file of the asset's current version."""

    def __init__(self, *args: Any, files: list[AssetFile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = {}
        for position, row in enumerate(f for f in files if f.is_text):
            field = f"file_{position}"
            self.names[field] = row.name
            self.fields[field] = forms.CharField(
                label=row.name, initial=row.text, required=False, strip=False,
                widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 18}),
            )

    def edited_files(self) -> dict[str, str]:
        # Browsers send CRLF line ends from a textarea; the files keep the writer's LF.
        return {name: self.cleaned_data[field].replace("\r\n", "\n") for field, name in self.names.items()}

import json

from django import forms

from .invitation_import import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    TARGETS,
    ImportProblem,
    decode,
    read_sheet,
)

NOT_IN_FILE = ""


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or JSON file",
        help_text=f"At most {MAX_FILE_BYTES // 1024 // 1024} MB: the invitations CSV or the "
        "“everything” JSON exported from this tracker, or another tracker's CSV with a header "
        f"row (you choose its columns next). A CSV holds at most {MAX_ROWS:,} rows and "
        f"{MAX_COLUMNS} columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,.json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split it into smaller files."
            )
        self.everything = None
        try:
            self.text = decode(upload.read(MAX_FILE_BYTES + 1))
            if self.text.lstrip().startswith("{"):
                # "Export everything (JSON)": restored whole by portability.restore_everything.
                self.everything = json.loads(self.text)
                return upload
            self.sheet = read_sheet(self.text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"The file looks like JSON but cannot be read (line {error.lineno}): "
                "choose the file “Export everything” saved, unchanged."
            ) from None
        except ImportProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return upload


class ImportMappingForm(forms.Form):
    """Which column of a foreign file holds what, and how its dates are written."""

    digest = forms.CharField(widget=forms.HiddenInput)
    dayfirst = forms.TypedChoiceField(
        label="Dates such as 03/04/2026 mean",
        choices=[("1", "3 April 2026 (day first)"), ("0", "March 4, 2026 (month first)")],
        coerce=lambda value: value == "1",
        help_text="ISO dates (2026-04-03) are read the same either way.",
    )

    def __init__(self, *args, sheet, zone_name, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, "— not in this file —")] + [
            (str(i), name) for i, name in enumerate(sheet.column_names())
        ]
        guessed = sheet.guess_mapping()
        for target in TARGETS:
            help_text = (
                f"Times without an offset are read in {zone_name}." if target.is_time else ""
            )
            self.fields[target.key] = forms.ChoiceField(
                label=target.label,
                choices=choices,
                required=target.required,
                initial=str(guessed[target.key]) if target.key in guessed else NOT_IN_FILE,
                help_text=help_text,
            )
            if target.required:
                self.fields[target.key].error_messages["required"] = (
                    f"Choose the column that holds the {target.label.lower()}."
                )
        self.fields["dayfirst"].initial = "0" if zone_name.startswith("America/") else "1"
        self.order_fields([t.key for t in TARGETS] + ["dayfirst"])

    def mapping(self):
        return {
            target.key: int(self.cleaned_data[target.key])
            for target in TARGETS
            if self.cleaned_data.get(target.key) not in (None, NOT_IN_FILE)
        }

    def mapped_fields(self):
        return [self[target.key] for target in TARGETS]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Type it again to confirm that you want to delete everything.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password; nothing was deleted.")
        return password

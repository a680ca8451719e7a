"""Values read from a notification, carried in the session to the form that records them.

A reading page puts an `Extraction` in the session under the record's key; the new-record
page reads it with `pasted_initial` and shows the values for the user to check and save.
The values stay in the session, so a reload of the form shows them again, until the record
is saved or the blank form is opened instead (`forget_pasted`). Nothing is stored in the
database on the way.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

# The session keys, one per kind of record a notification can pre-fill.
PASTED_INVITATION = "pasted_invitation"
PASTED_OFFER = "pasted_offer"


def received_offer_key(pk):
    """The session key for values pasted on requested offer `pk`'s "it arrived" page."""
    return f"pasted_offer_receipt:{int(pk)}"


@dataclass
class Extraction:
    """What a paste yielded: form values by field name, a note per field not read, and the
    notification itself as text (kept with the record as its source)."""

    fields: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    source_text: str = ""

    def to_session(self):
        """A JSON-serialisable copy (datetimes and dates as ISO strings, Decimals as strings)."""
        stored = {"fields": _to_json(self.fields), "notes": dict(self.notes)}
        if self.source_text:
            stored["source_text"] = self.source_text
        return stored


# Reading the session copy back: how each field's JSON value becomes a Python value.
_FIELD_READERS = {
    "notified_at": datetime.fromisoformat,
    "received_at": datetime.fromisoformat,
    "expires_at": datetime.fromisoformat,
    "start_date": date.fromisoformat,
    "amount": Decimal,
    "weekly_limit": int,
}


def _to_json(value):
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_json(fields):
    values = {}
    for name, value in fields.items():
        reader = _FIELD_READERS.get(name)
        if name == "milestones" and isinstance(value, list):
            value = [
                {
                    "title": str(m.get("title", "")),
                    "amount": Decimal(m["amount"]) if m.get("amount") else None,
                    "due_date": date.fromisoformat(m["due_date"]) if m.get("due_date") else None,
                }
                for m in value
                if isinstance(m, dict)
            ]
        elif reader is not None and value is not None:
            value = reader(value)
        values[name] = value
    return values


def pasted_initial(request, key):
    """The pasted values in the session: `(initial, notes)` for a new-record form.

    They are kept, so reloading the form shows them again. Anything malformed (an old or
    tampered session) is dropped rather than shown.
    """
    stored = request.session.get(key)
    if not isinstance(stored, dict):
        forget_pasted(request, key)
        return {}, {}
    try:
        initial = _from_json(dict(stored.get("fields") or {}))
        notes = {str(k): str(v) for k, v in dict(stored.get("notes") or {}).items()}
    except (TypeError, ValueError, KeyError, InvalidOperation):
        forget_pasted(request, key)
        return {}, {}
    source_text = stored.get("source_text")
    if isinstance(source_text, str) and source_text:
        initial["source_text"] = source_text
    return initial, notes


def forget_pasted(request, key):
    """Drop the pasted values: their record is saved, or the blank form was asked for."""
    request.session.pop(key, None)


def focus_first_filled(form, initial):
    """Put the keyboard on the form's first field the paste filled: the first value to check."""
    for name, form_field in form.fields.items():
        if initial.get(name) not in (None, "", []):
            form_field.widget.attrs["autofocus"] = True
            return

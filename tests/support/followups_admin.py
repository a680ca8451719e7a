"""Posting the Django admin's own forms back, as an admin who edits one field would."""

from django.forms import MultiWidget
from django.urls import reverse

from accounts.models import User


def sign_in_admin(client):
    """Sign `client` in as a superuser living in UTC: the zone the tests read the form's
    times in, so that they post back unchanged."""
    admin = User.objects.create_superuser(
        "root", "root@example.com", "root-password-1", timezone="UTC"
    )
    client.force_login(admin)
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def form_data(page):
    """What the change page's form and inlines would post if submitted unchanged."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        forms.append(formset.management_form)
    for form in forms:
        for field in form:
            value = field.value()
            widget = field.field.widget
            if isinstance(widget, MultiWidget):
                parts = widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{field.html_name}_{index}"] = "" if part is None else part
            elif isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value
    return data


def change_in_admin(client, obj, /, **changes):
    """Post the admin change form of `obj` with `changes`; return the response."""
    url = change_url(obj)
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page)
    data.update({name: "" if value is None else value for name, value in changes.items()})
    return client.post(url, data)

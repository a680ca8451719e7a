"""Requests whose text no field can hold are refused, with a page that says why.

PostgreSQL cannot store or even compare a NUL character (a server error, `DataError`, when a
search or a filter from the address reaches a query), and a body in another encoding than
UTF-8 would be read as garbled text or not at all. Every page of the site is served in UTF-8
and its forms post UTF-8, so such a request was made by hand or by a tool: it gets a 400 with
the reason, and nothing is read or changed. A form field's own NUL is refused by the form
itself, beside the field (Django's text fields refuse it).
"""

import codecs
from urllib.parse import unquote_to_bytes

from django.shortcuts import render

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

NUL_IN_ADDRESS = (
    "The address holds a character no field accepts (NUL, code 0). Remove it from the "
    "address and try again."
)
ADDRESS_NOT_UTF8 = (
    "The address holds text that is not UTF-8, which is the only encoding this site reads."
)
BODY_NOT_UTF8 = (
    "The form was sent in an encoding other than UTF-8 ({charset}), which is the only one "
    "this site reads. Nothing was saved; send it again from the page itself."
)
ESCAPES_NOT_UTF8 = (
    "The form holds text that is not UTF-8, which is the only encoding this site reads. "
    "Nothing was saved; send it again from the page itself."
)


def is_utf8(encoded):
    """Whether percent-encoded text (a query string or a form body) decodes as UTF-8."""
    if isinstance(encoded, str):
        try:
            encoded = encoded.encode("iso-8859-1")  # how WSGI hands over the raw bytes
        except UnicodeEncodeError:
            encoded = encoded.encode()
    try:
        unquote_to_bytes(encoded.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_utf8_name(charset):
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def unreadable(request):
    """Why no view could read this request, or an empty string when it is fine."""
    if not is_utf8(request.META.get("QUERY_STRING", "")):
        return ADDRESS_NOT_UTF8
    if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
        return NUL_IN_ADDRESS
    if request.content_type in FORM_TYPES:
        charset = request.content_params.get("charset")
        if charset and not _is_utf8_name(charset):
            return BODY_NOT_UTF8.format(charset=charset[:40])
        if request.content_type == FORM_TYPES[0] and not is_utf8(request.body):
            return ESCAPES_NOT_UTF8
    return ""


class RefuseUnreadableInput:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = unreadable(request)
        if reason:
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)

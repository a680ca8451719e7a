"""Malformed ids, each built from a real id where it can be, so that reading it too kindly
(full-width digits as 12) would pick a real row."""

from kit.ownership import MAX_ID

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# Each is a template: {pk} is the id of a real row, which a too kind reading would pick.
MALFORMED = [
    "abc",
    "1.5",
    "{pk}.0",
    "-1",
    "-{pk}",
    "0",
    "+{pk}",
    "{full_width}",
    "{arabic_indic}",
    "99999999999999999999999",
    str(MAX_ID + 1),
    "1" * 5000,
    "{pk} OR 1=1",
]


def spoil(template, pk):
    text = str(pk)
    return template.format(
        pk=text,
        full_width=text.translate(FULL_WIDTH),
        arabic_indic=text.translate(ARABIC_INDIC),
    )

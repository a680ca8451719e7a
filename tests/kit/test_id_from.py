"""`id_from` reads ascii digits (spaces around them allowed) and nothing else."""

import pytest

from kit.ownership import MAX_ID, id_from

# id_from -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7), (" 7 ", 7), ("\t12\n", 12), ("007", 7), (str(MAX_ID), MAX_ID)],
)
def test_id_from_reads_ascii_digits_with_surrounding_spaces(value, expected):
    assert id_from(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "abc",
        "1.5",
        "-1",
        "0",
        "+7",
        "1_000",
        "1 2",
        "１２",
        "٣",
        "²",
        "99999999999999999999999",
        str(MAX_ID + 1),
        "1" * 5000,
        None,
        7,
    ],
)
def test_id_from_refuses_anything_else(value):
    assert id_from(value) is None

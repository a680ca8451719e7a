"""A list paginated as two ordered parts, one after the other."""

import pytest

from kit.lists import OneAfterOther


def test_slices_of_the_second_part_start_where_the_first_parts_rows_end():
    rows = OneAfterOther(["a", "b", "c"], 3, ["d", "e", "f", "g"])
    assert rows[0:2] == ["a", "b"]
    assert rows[2:5] == ["c", "d", "e"]
    assert rows[4:6] == ["e", "f"]
    assert rows[6:9] == ["g"]
    assert rows[1:] == ["b", "c", "d", "e", "f", "g"]
    assert OneAfterOther([], 0, ["x"])[0:1] == ["x"]


def test_it_is_read_by_slices_only():
    with pytest.raises(TypeError):
        OneAfterOther(["a"], 1, [])[0]

"""The areas file read as staff save it, and refused in one line when it cannot be used."""

from __future__ import annotations

import os

import pytest

from sources.areas import AreasError, read_areas
from sources.profile_reader import read_toml

AREA = '[[area]]\nkey = "a"\nprofile = "p"\nwarehouse = "w"\n'


def test_an_areas_file_saved_with_a_byte_order_mark_reads(tmp_path):
    # Windows Notepad writes UTF-8 with a BOM; it is no TOML statement.
    path = tmp_path / "areas.toml"
    path.write_bytes(b"\xef\xbb\xbf" + AREA.encode())
    (area,) = read_areas(path)
    assert area.key == "a" and area.warehouse == (tmp_path / "w").resolve()


def test_a_profile_saved_with_a_byte_order_mark_reads(tmp_path):
    path = tmp_path / "profile.toml"
    path.write_bytes('\ufeffname = "試験"\n'.encode())
    assert read_toml(path) == {"name": "試験"}


def test_a_pipe_given_as_the_areas_file_is_refused_not_waited_on(tmp_path):
    path = tmp_path / "areas.toml"
    os.mkfifo(path)
    with pytest.raises(AreasError, match="not a regular file"):
        read_areas(path)


def test_a_nul_in_a_path_names_the_key(tmp_path):
    path = tmp_path / "areas.toml"
    path.write_text(AREA.replace('"w"', '"w\\u0000x"'), encoding="utf-8")
    with pytest.raises(AreasError) as raised:
        read_areas(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and "'warehouse'" in message and "\n" not in message

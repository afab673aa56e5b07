"""A zip that Excel could not have written is refused in one line before openpyxl opens it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from sources.input_limits import InputRefused
from sources.xlsx_package import check_xlsx_package

PATH = Path("actuals.xlsx")


def _package(flag_bits: int = 0, method: int | None = None) -> bytes:
    """A one-part zip whose local and central headers say `flag_bits` and `method`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(buffer.getvalue())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature) + flags_at
        data[at : at + 2] = flag_bits.to_bytes(2, "little")
        if method is not None:
            data[at + 2 : at + 4] = method.to_bytes(2, "little")
    return bytes(data)


def test_an_ordinary_package_passes():
    check_xlsx_package(PATH, _package())


@pytest.mark.parametrize(
    ("flag_bits", "method", "says"),
    [(0x1, None, "is encrypted"), (0, 99, "packed by method 99")],  # 99: WinZip AES
)
def test_an_encrypted_or_oddly_packed_part_is_refused(flag_bits, method, says):
    with pytest.raises(InputRefused) as raised:
        check_xlsx_package(PATH, _package(flag_bits, method))
    message = str(raised.value)
    assert message.startswith(f"{PATH}: part xl/workbook.xml") and says in message

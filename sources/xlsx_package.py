"""An .xlsx package looked at before openpyxl opens it: its zip directory (how much the
parts unpack to, and how much more than they take packed) and the nesting of its XML.

A zip's directory states every part's unpacked size; Python's zipfile never unpacks more
than that (it stops and fails the CRC), so the stated sizes bound what openpyxl can be
made to read. A 15 MB bomb states gigabytes and is refused here in milliseconds, instead
of filling the memory for minutes. Deeply nested XML (Excel writes fewer than ten levels)
would make openpyxl's recursive readers fail with RecursionError; a DOCTYPE (Excel writes
none) could declare entities that expand. Both are refused by a streaming parse (expat)
that stops at the first problem.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

from sources.input_limits import InputLimits, InputRefused, input_limits

XML_SUFFIXES = (".xml", ".rels", ".vml")
_READ_CHUNK = 1 << 16


def check_xlsx_package(path: Path, data: bytes) -> None:
    """InputRefused naming `path`, the limit and its variable when the package unpacks to
    too much, packs a part too tightly, or nests its XML too deeply. A file that is not a
    zip at all is left to openpyxl to report."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    limits = input_limits()
    with package:
        parts = package.infolist()
        _check_packing(path, parts)
        _check_sizes(path, parts, limits)
        for part in parts:
            if part.filename.lower().endswith(XML_SUFFIXES):
                _check_xml(path, package, part, limits.xml_max_depth)


# Excel stores or deflates each part and encrypts none (a password-protected workbook is
# no zip at all); zipfile raises RuntimeError / NotImplementedError on the others.
_EXCEL_PACKING = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def _check_packing(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    for part in parts:
        if part.flag_bits & 0x1 or part.compress_type not in _EXCEL_PACKING:
            how = "encrypted" if part.flag_bits & 0x1 else f"packed by method {part.compress_type}"
            raise InputRefused(
                f"{path}: part {part.filename} is {how}, which Excel never writes; open the "
                "file in Excel and save it again as .xlsx"
            )


def _check_sizes(path: Path, parts: list[zipfile.ZipInfo], limits: InputLimits) -> None:
    total = sum(p.file_size for p in parts)
    allowed = limits.max_bytes("workbook_max_unpacked_mb")
    if total > allowed:
        raise InputRefused(
            f"{path}: the workbook unpacks to {total / 2**20:.0f} MB, over the "
            f"{allowed / 2**20:.0f} MB limit (raise "
            f"{InputLimits.env_name('workbook_max_unpacked_mb')} if it is right)"
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        # small parts compress tightly without harm; only a large one can be a bomb
        if part.file_size > 2**20 and ratio > limits.workbook_max_ratio:
            raise InputRefused(
                f"{path}: part {part.filename} unpacks {ratio:.0f} times its packed size "
                f"(limit {limits.workbook_max_ratio:g}, "
                f"{InputLimits.env_name('workbook_max_ratio')}); not a workbook Excel wrote"
            )


def _check_xml(path: Path, package: zipfile.ZipFile, part: zipfile.ZipInfo, max_depth: int) -> None:
    parser = expat.ParserCreate()
    depth = 0
    problem = ""

    def start(_name: str, _attributes: object) -> None:
        nonlocal depth, problem
        depth += 1
        if depth > max_depth and not problem:
            problem = (
                f"XML nested deeper than {max_depth} levels (limit "
                f"{InputLimits.env_name('xml_max_depth')})"
            )
            raise _Stop

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*_args: object) -> None:
        nonlocal problem
        problem = "a DOCTYPE declaration (Excel writes none)"
        raise _Stop

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    try:
        with package.open(part) as stream:
            while chunk := stream.read(_READ_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop:
        pass
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        return  # damaged: openpyxl reports it, with the sheet it belongs to
    if problem:
        raise InputRefused(
            f"{path}: part {part.filename} has {problem}; not a workbook Excel wrote"
        )


class _Stop(Exception):
    """Ends the parse at the first problem."""

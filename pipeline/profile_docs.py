"""docs/profile.md: the reference of a profile, generated from the code that reads one.

    python -m pipeline.profile_docs [--out docs/profile.md]

Nothing in it is written by hand: the keys each TOML table accepts, and whether each is
required, are read from `sources/profile.py` itself (its `Reader.only(...)` lists and the
accessor calls beside them, through `ast`); the kinds from the extractor's own description
(`sources.vision_tables_pdf`) and `TABLE_KINDS`; the shapes with the comment each carries
in `SHAPES`; the options from `TABLE_OPTIONS`; the roles `vision profile explain` shows
from `warehouse.shape_reading.ROLES` with their words in pipeline/messages.py; the ratios
and KPI quotients from the docstrings of the classes that hold them and the money units
the rules convert.
`tests/pipeline/test_profile_docs.py` fails when the file is not what this writes.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sources.profile as profile_module
import sources.profile_subjects as profile_subjects
import sources.vision_tables_pdf as extractor_module
from expectations.ratios import YEN_PER_UNIT
from expectations.registry import CHECK_KINDS
from pipeline.messages import MESSAGES
from sources.atomic_write import replace_file
from sources.profile import (
    MONEY_UNIT,
    SHAPES,
    TABLE_KINDS,
    TABLE_OPTIONS,
    KpiQuotient,
    QuotientTerm,
    RatioDeclaration,
)
from sources.profile_subjects import SUBJECT_KEYS
from warehouse.shape_reading import ROLES

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "docs" / "profile.md"
COMMAND = "python -m pipeline.profile_docs"

# The TOML table a reader passed in as a function's parameter stands for (the caller
# builds it with the label; the function only reads it).
PARAMETER_TABLES = {
    "_municipality": "[[region.municipalities]]",
    "_region": "[region]",
    "_document": "[document]",
    "_table": "[[tables]]",
    "_ratio": "[[document.ratios]]",
    "_kpi_quotient": "[[document.kpi_quotients]]",
    "_quotient_term": "[[document.kpi_quotients]].value / numerator / denominator",
}
# How a reader's label written with a placeholder reads in the reference.
PLACEHOLDERS = {"{table.where}": "[[tables]]", "{key}": "<key>", "the file": "(top level)"}
# Accessors of `sources.profile_reader.Reader` and how many positional arguments make a
# key required (text("k") is required, text("k", None) is not).
ACCESSORS = {"text": 1, "pattern": 1, "child": 2, "get": 2}


@dataclass(frozen=True)
class Key:
    name: str
    required: bool


def _label(node: ast.expr) -> str | None:
    """The label of `_Reader(path, label, …)` as written, placeholders named."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}"
            for part in node.values
        )
    else:
        return None
    for written, shown in PLACEHOLDERS.items():
        text = text.replace(written, shown)
    return text


def profile_keys(source: str) -> dict[str, list[Key]]:
    """TOML table label → the keys it accepts, in the order the code lists them, each
    required or not, read from the source of sources/profile.py."""
    out: dict[str, list[Key]] = {}
    for function in (n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)):
        labels: dict[str, str] = {}
        if function.name in PARAMETER_TABLES and function.args.args:
            labels[function.args.args[0].arg] = PARAMETER_TABLES[function.name]
        accessed: dict[tuple[str, str], bool] = {}
        only: list[tuple[str, list[ast.expr]]] = []
        # `s = raw[key]`: s reads what raw[key] does.
        aliases = {
            ast.unparse(target): ast.unparse(node.value)
            for node in ast.walk(function)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript)
            for target in node.targets
        }
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                called = node.value.func
                if isinstance(called, ast.Name) and called.id == "_Reader":
                    label = _label(node.value.args[1]) if len(node.value.args) > 1 else None
                    if label:
                        for target in node.targets:
                            labels[ast.unparse(target)] = label
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            receiver = ast.unparse(node.func.value)
            if node.func.attr == "only":
                only.append((receiver, node.args))
            elif node.func.attr in ACCESSORS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    required = len(node.args) <= ACCESSORS[node.func.attr]
                    accessed[(aliases.get(receiver, receiver), first.value)] = required
        for receiver, args in only:
            label = labels.get(receiver)
            if label is None:
                raise ValueError(f"{function.name}: cannot tell which TOML table {receiver} is")
            names = [
                a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if any(isinstance(a, ast.Starred) for a in args):
                names += list(TABLE_OPTIONS)
            out[label] = [Key(n, accessed.get((receiver, n), False)) for n in names]
    return out


def shape_comments(source: str) -> dict[str, str]:
    """Each shape of SHAPES with the comment written beside it in sources/profile.py."""
    out: dict[str, str] = {}
    inside, pending = False, None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and token.string == "SHAPES" and token.start[1] == 0:
            inside = True
        elif inside and token.type == tokenize.STRING:
            pending = ast.literal_eval(token.string)
        elif inside and token.type == tokenize.COMMENT and pending:
            out[pending] = token.string.lstrip("# ").strip()
            pending = None
        elif inside and token.type == tokenize.NL and token.start[1] == 0 and out:
            break
    return {shape: out.get(shape, "") for shape in sorted(SHAPES)}


def kinds_text() -> str:
    """The extractor's own account of how it tells kinds and header rows apart."""
    doc = extractor_module.__doc__ or ""
    start = doc.index("* **Kinds and header rows**")
    end = doc.index("\n* ", start + 1)
    return " ".join(doc[start + 2 : end].split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    profile_source = Path(profile_module.__file__).read_text(encoding="utf-8")
    keys = profile_keys(profile_source)
    lines = [
        "# Profile reference",
        "",
        f"Generated by `{COMMAND}` from the code that reads a profile; do not edit.",
        "See the README's *A new area* for the workflow, and `profiles/yamagata_2nd/profile.toml`",
        "for a complete, commented example.",
        "",
        "## Keys",
        "",
        "Every key a table of `profile.toml` accepts (any other key is refused with a line",
        "naming the file and the key).",
        "",
        "| TOML table | key | required |",
        "|---|---|---|",
    ]
    for label, table_keys in keys.items():
        for key in table_keys:
            lines.append(f"| `{label}` | `{key.name}` | {'yes' if key.required else 'no'} |")
    lines += [
        "",
        "## Kinds",
        "",
        "`kind` must be what the extractor reads the table as — `vision profile explain PDF`",
        f"shows it for every table. One of: {', '.join(f'`{k}`' for k in sorted(TABLE_KINDS))}.",
        "",
        kinds_text(),
        "",
        "## Shapes",
        "",
        "`shape` says how a table's rows are read into the warehouse.",
        "",
        "| shape | what it reads |",
        "|---|---|",
    ]
    for shape, comment in shape_comments(profile_source).items():
        lines.append(f"| `{shape}` | {_cell(comment)} |")
    lines += [
        "",
        "## Options",
        "",
        "Shape-specific settings, `options = { … }` in a `[[tables]]` entry.",
        "",
        "| option | for |",
        "|---|---|",
    ]
    for option, text in TABLE_OPTIONS.items():
        lines.append(f"| `{option}` | {_cell(text)} |")
    lines += [
        "",
        "## Roles",
        "",
        "What `vision profile explain` says a shape reads from a matched table.",
        "",
        "| role | 表示 | shown as |",
        "|---|---|---|",
    ]
    for role in ROLES:
        words = MESSAGES[f"explain.role.{role}"]
        lines.append(f"| `{role}` | {_cell(words['ja'])} | {_cell(words['en'])} |")
    lines += ["", "## Ratios and KPI quotients", "", *quotients_text()]
    lines += ["", "## Subject relations", "", _paragraph(profile_subjects.__doc__), ""]
    lines += [
        "Keys of `[subject.<name>]`: "
        + ", ".join(f"`{k}`" for k in SUBJECT_KEYS)
        + "; of `[[subject.<name>.check]]`: `id`, `kind`, `description` and the kind's own.",
        "",
        "| check kind | family | parameters (default) | compares |",
        "|---|---|---|---|",
    ]
    for kind, declared in CHECK_KINDS.items():
        params = ", ".join(
            f"`{k}`" + ("" if v is ... else f" ({v})") for k, v in declared.params.items()
        )
        lines.append(f"| `{kind}` | {declared.family} | {params or '—'} | {_cell(declared.what)} |")
    return "\n".join(lines) + "\n"


def quotients_text() -> list[str]:
    """What `[[document.ratios]]` and `[[document.kpi_quotients]]` declare, one paragraph
    each, in the words of the classes that hold them."""
    words = lambda cls: " ".join((cls.__doc__ or "").split())  # noqa: E731
    money = ", ".join(YEN_PER_UNIT)
    return [
        f"`[[document.ratios]]`: {words(RatioDeclaration)}",
        "",
        f"`[[document.kpi_quotients]]`: {words(KpiQuotient)} Each of `value`, `numerator` "
        f"and `denominator` is a table `{{ words = [...], unit = ... }}`. {words(QuotientTerm)} "
        f'`unit = "{MONEY_UNIT}"` takes any of {money}, converted to yen before dividing.',
    ]


def _paragraph(doc: str | None) -> str:
    """A module docstring's text after its first paragraph, as one paragraph each."""
    paragraphs = (doc or "").split("\n\n")[1:]
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__)
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output file (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    replace_file(args.out, render())
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

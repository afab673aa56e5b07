"""Family 5 — each project as its card (the profile's `projects` section) and the project ×
municipality matrix (`matrix` section) print it.

* participation: the card's (★)/( ) for each member municipality vs the ★ in the
  project's matrix row → error when they differ (who takes part is content, not wording);
* identity: every project number appears in both; the project name (wording/notation
  difference → warning); the classification (区分・政策分野・連携項目) → error.

Municipalities are matched by code, so a misprinted column header still lines up with its
municipality; the misprint itself is family 6's. Findings point at the matrix (stated =
matrix, expected = card); the message gives both pages. Section labels and the cards'
caption are the profile's.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from expectations import families
from expectations.compare import (
    describe,
    finding,
    is_missing,
    page_label,
    page_of,
    text_comparison_frame,
    text_differences,
    text_or_empty,
)
from expectations.families import section_labels
from expectations.findings import CheckOutcome, Finding, Severity
from sources.municipalities import municipality_by_code
from sources.profile import current_profile

FAMILY = families.PARTICIPATION
MARK = {True: "★", False: "（空欄）"}
CARD_MARK = {True: "(★)", False: "( )"}
MEANING = {True: "参加", False: "不参加"}


def _read(
    participates: object, present: bool, marks: dict[bool, str], printed: object = None
) -> str:
    """What one side prints: the mark as printed (● / － / (★)), else `marks`' word for
    it (a blank cell reads （空欄））; （記載なし） where the side does not print it."""
    if not present or is_missing(participates):
        return "（記載なし）"
    return text_or_empty(printed).strip() or marks[bool(participates)]


def _name(code: object, printed: object) -> str:
    try:
        return municipality_by_code(text_or_empty(code)).name
    except KeyError:
        return text_or_empty(printed)


def _page(value: object) -> str:
    """A page for a message: — where one side does not print the member at all (a page
    column holding a missing side is float, so 33 would read 33.0 and a gap nan)."""
    page = page_of(value)
    return "—" if page is None else str(page)


def check_participation(participation: pd.DataFrame, check_id: str) -> CheckOutcome:
    """★ marks per project × municipality: card vs matrix."""
    # The sections the two printings are in, as `source` names them.
    card_label, matrix_label = section_labels("projects", "matrix")
    cards = participation[participation["source"] == card_label]
    matrix = participation[participation["source"] == matrix_label]
    keys = ["project_no", "municipality_code"]
    data_errors = [
        f"{src}: project {p} lists municipality {m} more than once"
        for src, frame in ((card_label, cards), (matrix_label, matrix))
        for p, m in frame[frame.duplicated(keys)][keys].itertuples(index=False)
    ]
    merged = cards.merge(
        matrix, on=keys, how="outer", suffixes=("_card", "_matrix"), indicator=True
    )
    # Projects missing on one side altogether are the identity rule's findings.
    in_both = set(cards["project_no"]) & set(matrix["project_no"])
    merged = merged[merged["project_no"].isin(in_both)]
    rows = []
    for _, m in merged.iterrows():
        card_side, matrix_side = m["_merge"] != "right_only", m["_merge"] != "left_only"
        # Where the finding points: the matrix, or the card where the matrix lacks the member.
        at = "_matrix" if matrix_side else "_card"
        card, mat = m["participates_card"], m["participates_matrix"]
        rows.append(
            {
                "table_id": m["table_id" + at],
                "caption": m["caption" + at],
                "page": m["page" + at],
                "row_label": f"【{int(m['project_no'])}】"
                + text_or_empty(m["project_name_printed" + at]),
                "column_label": _name(m["municipality_code"], m["municipality_name_printed" + at]),
                # Compare the meaning (participates or not), show the printed marks.
                "stated": _read(mat, matrix_side, MEANING),
                "expected": _read(card, card_side, MEANING),
                "stated_mark": _read(mat, matrix_side, MARK, m["mark_printed_matrix"]),
                "expected_mark": _read(card, card_side, CARD_MARK, m["mark_printed_card"]),
                "card_page": _page(m["page_card"]),
                "matrix_page": _page(m["page_matrix"]),
            }
        )
    texts = text_comparison_frame(rows)
    findings = [
        finding(
            check_id,
            FAMILY,
            Severity.ERROR,
            row.to_dict(),
            f"{row['row_label']}への{row['column_label']}の参加が、{matrix_label} の一覧表"
            f"（p.{row['matrix_page']}）では {row['stated_mark']}、"
            f"{card_label} の事業カード"
            f"（p.{row['card_page']}）では {row['expected_mark']} と記載されており、"
            "一致しない",
            stated=str(row["stated_mark"]),
            expected=str(row["expected_mark"]),
        )
        for _, row in texts.loc[list(text_differences(texts))].iterrows()
    ]
    return CheckOutcome(check_id, FAMILY, len(texts), findings, data_errors)


def _classification(row: pd.Series) -> str:
    codes = ("category_code", "subcategory_code", "field_code")
    return "/".join(text_or_empty(row[c]) or "-" for c in codes)


# What the identity rule compares of a project printed in both places: its column label,
# what the message calls it, the severity of a difference, the value of one printing.
IDENTITY: tuple[tuple[str, str, Severity, Callable[[pd.Series], str]], ...] = (
    ("連携事業名", "事業名", Severity.WARNING, lambda r: text_or_empty(r["project_name_printed"])),
    ("区分/政策分野/連携項目", "区分・政策分野・連携項目", Severity.ERROR, _classification),
)


def _first_by_project(frame: pd.DataFrame) -> dict[int, pd.Series]:
    return {
        int(p): rows.sort_values("page").iloc[0]
        for p, rows in frame.groupby("project_no", sort=True)
    }


def check_project_identity(participation: pd.DataFrame, check_id: str) -> CheckOutcome:
    """Project numbers, names and classification: card vs matrix."""
    card_label, matrix_label = section_labels("projects", "matrix")
    numbering = current_profile().document.cards
    cards = _first_by_project(participation[participation["source"] == card_label])
    matrix = _first_by_project(participation[participation["source"] == matrix_label])
    findings: list[Finding] = []
    rows = []
    for number in sorted(set(cards) | set(matrix)):
        card, row = cards.get(number), matrix.get(number)
        # Where a finding points: the matrix, or the card where the matrix lacks the project.
        shown = card if row is None else row
        at = {
            "table_id": shown["table_id"],
            "caption": shown["caption"],
            "page": shown["page"],
            "row_label": f"【{number}】{text_or_empty(shown['project_name_printed'])}",
        }
        if card is None or row is None:
            where, missing = (
                (card_label, matrix_label) if row is None else (matrix_label, card_label)
            )
            findings.append(
                finding(
                    check_id,
                    FAMILY,
                    Severity.ERROR,
                    at | {"column_label": "連携事業番号"},
                    f"{numbering.caption_for(number)}は {where}（{page_label(shown['page'])}）に"
                    f"記載されているが、{missing} に同じ番号の事業がない",
                    stated=f"【{number}】",
                    expected="（記載なし）",
                )
            )
            continue
        at |= {"card_page": page_of(card["page"]), "matrix_page": page_of(row["page"])}
        rows += [
            at
            | {"number": number, "column_label": label, "what": what, "severity": severity}
            | {"stated": value(row), "expected": value(card)}
            for label, what, severity, value in IDENTITY
        ]
    texts = text_comparison_frame(rows)
    for i, difference in text_differences(texts).items():
        row = texts.loc[i]
        severity = Severity(row["severity"])
        detail = f"（{describe(difference)}）" if severity is Severity.WARNING else ""
        findings.append(
            finding(
                check_id,
                FAMILY,
                severity,
                row.to_dict(),
                f"{numbering.caption_for(row['number'])}の{row['what']}が、"
                f"{matrix_label} の一覧表（{page_label(row['matrix_page'])}）"
                f"では「{row['stated']}」、{card_label} の事業カード"
                f"（{page_label(row['card_page'])}）では"
                f"「{row['expected']}」と記載されており、異なる{detail}",
            )
        )
    compared = len(texts) + len(set(cards) ^ set(matrix))
    return CheckOutcome(check_id, FAMILY, compared, findings)

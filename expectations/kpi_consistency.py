"""Family 3 — each KPI as printed in its pillar's KPI table (the profile's `kpi` section)
and again in the project × municipality list (`matrix` section).

KPIs are matched by category and `indicator_key` (normalized wording), and, for the ones
left over, by category and position (so a KPI whose wording changed is still compared,
and its wording difference reported). For each pair:

* baseline and target values: beyond the rounding of the coarser printing → error; two
  different printings of the same figure within rounding (90 vs 90.2, 49 vs 48.5) →
  warning. The issue asks for 90 vs 90.2 to be reported, and it is a real inconsistency
  (one figure, two printed values; the KPI table prints its target 92.0 with a decimal, so 90 is
  not just an integer style), but it is not a contradiction beyond rounding, which is
  what severity error means everywhere else in these checks;
* a value printed in one place and a marker (—) in the other → error;
* years (年/年度) of baseline and target → error when they differ;
* source and the printed indicator (wording, unit, definition) → warning.

Findings point at the list's row (stated = the list, expected = the KPI table); the message
gives both pages. `printed_in` holds the sections' labels from the profile.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from expectations import families
from expectations.compare import (
    comparison_row,
    describe,
    finding,
    is_missing,
    numeric_findings,
    outcome,
    page_label,
    text_comparison_frame,
    text_differences,
    text_or_empty,
)
from expectations.families import section_labels
from expectations.findings import CheckOutcome, Finding, Severity
from expectations.gx_suites import comparison_frame
from expectations.tolerance import decimals_of, rounding_tolerance
from sources.japanese_text import compact_key

FAMILY = families.KPI_CONSISTENCY
VALUE_LABELS = {"baseline": "基準値", "target": "目標値"}
PRECISION = "同じ値が異なる精度で記載されている（丸めの範囲内だが、印刷された値が異なる）"


Kpis = dict[tuple[str, str], pd.DataFrame]  # one place's KPIs by (category, indicator_key)
Pairs = list[tuple[pd.DataFrame, pd.DataFrame]]  # (KPI table, list)


def _kpis(kpi: pd.DataFrame, printed_in: str) -> Kpis:
    part = kpi[kpi["printed_in"] == printed_in]
    return {
        (str(cat), str(key)): rows
        for (cat, key), rows in part.groupby(["category_code", "indicator_key"], sort=False)
    }


def _pair_off(
    ref: Kpis, rest: Kpis, key: Callable[[tuple[str, str], pd.DataFrame], object]
) -> Pairs:
    """Take the KPIs of `ref` and `rest` whose `key` is the same out of both, as pairs."""
    by_key = {key(k, rows): k for k, rows in rest.items()}
    matched = [(k, by_key.get(key(k, rows))) for k, rows in ref.items()]
    return [(ref.pop(k), rest.pop(other)) for k, other in matched if other in rest]


def match_kpis(kpi: pd.DataFrame) -> tuple[Pairs, list[pd.DataFrame], list[pd.DataFrame]]:
    """(pairs KPI table ↔ list, KPIs only in the KPI tables, KPIs only in the list)."""
    # Where each KPI is printed, as `printed_in` names it: the KPI tables, the list.
    reference, restated = section_labels("kpi", "matrix")
    ref, rest = _kpis(kpi, reference), _kpis(kpi, restated)
    pairs = _pair_off(ref, rest, lambda k, rows: k)
    # Fall back to position within the category for KPIs whose wording differs.
    pairs += _pair_off(ref, rest, lambda k, rows: (k[0], int(rows["kpi_seq"].iloc[0])))
    return pairs, list(ref.values()), list(rest.values())


def _number_key(text: str) -> str:
    """`compact_key` without thousands separators: 1,234 and 1234 are the same number."""
    return compact_key(text).replace(",", "")


def _year_key(row: pd.Series) -> str:
    if is_missing(row["year"]):
        return "—"
    return f"{int(row['year'])}{'年度' if bool(row['is_fiscal_year']) else '年'}"


def _where(row: pd.Series) -> str:
    return f"{row['printed_in']}（{page_label(row['page'])}）"


def _at(base: dict[str, object], ref: pd.Series, rest: pd.Series) -> dict[str, object]:
    """Where a comparison of `rest` (the list) with `ref` (the KPI table) is reported."""
    return base | {"page": rest["page"], "ref_where": _where(ref), "where": _where(rest)}


def _text_row(
    at: dict[str, object],
    label: str,
    shown: tuple[str, str],
    severity: Severity,
    compared: tuple[str, str] | None = None,
    detail: str = "",
) -> dict[str, object]:
    """A text comparison of `label`: the list's and the KPI table's printings as `shown`,
    compared as `compared` (or as shown); `detail` ends the message (else the difference)."""
    stated, expected = compared or shown
    return at | {
        "column_label": label,
        "stated": stated,
        "expected": expected,
        "shown": shown,
        "severity": severity,
        "detail": detail,
    }


def check_kpi_cross_section(kpi: pd.DataFrame, check_id: str) -> CheckOutcome:
    pairs, only_ref, only_rest = match_kpis(kpi)
    numeric_rows: list[dict[str, object]] = []
    text_rows: list[dict[str, object]] = []

    for ref_rows, rest_rows in pairs:
        ref_first, rest_first = ref_rows.iloc[0], rest_rows.iloc[0]
        base = {
            "table_id": rest_first["table_id"],
            "caption": rest_first["caption"],
            "row_label": rest_first["indicator"],
            "name": ref_first["indicator"],
        }
        for kind, label in VALUE_LABELS.items():
            r = ref_rows[ref_rows["value_kind"] == kind]
            s = rest_rows[rest_rows["value_kind"] == kind]
            if r.empty or s.empty:
                continue
            ref, rest = r.iloc[0], s.iloc[0]
            at = _at(base, ref, rest)
            printed = (text_or_empty(rest["value_text"]), text_or_empty(ref["value_text"]))
            if is_missing(ref["value"]) or is_missing(rest["value"]):
                # A marker (—) on either side: compare what is printed.
                text_rows.append(_text_row(at, label, printed, Severity.ERROR, detail="異なる"))
            else:
                tolerance = rounding_tolerance(min(map(decimals_of, printed)))
                numeric_rows.append(
                    comparison_row(rest, float(ref["value"]), **at, column_label=label)
                    | {"tolerance": tolerance, "expected_text": printed[1]}
                )
                keys = (_number_key(printed[0]), _number_key(printed[1]))
                if keys[0] != keys[1]:
                    precision = _text_row(at, label, printed, Severity.WARNING, keys, PRECISION)
                    text_rows.append(precision)
            years = tuple(text_or_empty(x["year_text"]) or "（記載なし）" for x in (rest, ref))
            year_keys = (_year_key(rest), _year_key(ref))
            year = _text_row(at, f"{label}の年", years, Severity.ERROR, year_keys, "異なる")
            text_rows.append(year)
        at = _at(base, ref_first, rest_first)
        for column, what in (("indicator_printed", "指標"), ("source", "出典")):
            printed = (text_or_empty(rest_first[column]), text_or_empty(ref_first[column]))
            text_rows.append(_text_row(at, what, printed, Severity.WARNING))

    def value_message(row: pd.Series, expected: str) -> str:
        return (
            f"{row['name']}の{row['column_label']}が、{row['where']}では {row['stated_text']}、"
            f"{row['ref_where']}では {row['expected_text']} と記載されており、"
            "丸めの範囲を超えて異なる"
        )

    values = numeric_findings(
        comparison_frame(numeric_rows),
        check_id,
        FAMILY,
        value_message,
    )
    beyond = {(f.row_label, f.column_label) for f in values.findings}

    findings: list[Finding] = []
    texts = text_comparison_frame(text_rows)
    for i, difference in text_differences(texts).items():
        row = texts.loc[i]
        if row["detail"] == PRECISION and (row["row_label"], row["column_label"]) in beyond:
            continue  # already an error beyond rounding
        stated, expected = row["shown"]
        detail = row["detail"] or f"異なる（{describe(difference)}）"
        findings.append(
            finding(
                check_id,
                FAMILY,
                Severity(row["severity"]),
                row.to_dict(),
                f"{row['name']}の{row['column_label']}が、{row['where']}では「{stated}」、"
                f"{row['ref_where']}では「{expected}」と記載されており、{detail}",
                stated=str(stated),
                expected=str(expected),
            )
        )

    reference, restated = section_labels("kpi", "matrix")
    findings += [_missing(check_id, rows, reference, restated) for rows in only_ref]
    findings += [_missing(check_id, rows, restated, reference) for rows in only_rest]
    compared = len(texts)
    return outcome(check_id, FAMILY, [values], extra_findings=findings, extra_compared=compared)


def _missing(check_id: str, rows: pd.DataFrame, present: str, absent: str) -> Finding:
    first = rows.iloc[0]
    return finding(
        check_id,
        FAMILY,
        Severity.ERROR,
        first.to_dict() | {"row_label": first["indicator"], "column_label": "指標"},
        f"成果指標「{first['indicator']}」は {present} に記載されているが、"
        f"{absent} に対応する指標がない",
        stated=text_or_empty(first["indicator_printed"]),
        expected="（記載なし）",
    )

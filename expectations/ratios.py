"""Family 2 — ratios and shares recomputed from the counts printed beside them.

* a share a profile declares on a subject relation (`check_shares`, the check kind
  `share`): share = part ÷ whole, ×100 when printed in %; the part and the whole are the
  relation's rows named by one of its columns (`series`), the whole the group's total row,
  the sum of its parts, or a sum/difference of named rows (C / (A − B), 市 ÷ 全県);
* a KPI the profile declares the quotient of two others (`[[document.kpi_quotients]]`:
  一人当生産額 = 総生産額 ÷ 従業者数), for the baseline and the target of each section that
  prints the three KPIs (found by the declared words and units).

A share of a total row is consistent when it agrees, within its printed rounding, with the
count divided by the printed 合計 *or* by the sum of the group's rows: when the 合計 itself
is wrong (a family 1 finding), shares computed from the true sum are not a second error.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from expectations import families
from expectations.compare import (
    comparison_row,
    format_like,
    is_missing,
    nfkc,
    numeric_findings,
    outcome,
    text_or_empty,
)
from expectations.findings import CheckOutcome
from expectations.gx_suites import comparison_frame
from expectations.kpi_consistency import VALUE_LABELS
from expectations.row_sums import sum_of_parts
from expectations.tolerance import decimals_of, rounding_tolerance
from sources.profile import MONEY_UNIT, QUOTIENT_TERMS, KpiQuotient
from sources.profile_reader import ProfileError

FAMILY = families.RATIOS

# What a scale word before a unit multiplies by: a KPI quotient may mix 百万円 and 千円,
# or divide by a count printed in 万人.
SCALE_WORDS = {"千": 1e3, "万": 1e4, "百万": 1e6, "億": 1e8}
# Value of one unit of each money unit, in yen.
YEN_PER_UNIT = {"円": 1.0} | {f"{word}円": scale for word, scale in SCALE_WORDS.items()}


def _message(row: pd.Series, expected: str) -> str:
    note = f"（{row['note']}）" if row.get("note") else ""
    return (
        f"{row['label']}は {row['stated_text']} と記載されているが、"
        f"{row['formula']} = {expected}{note}"
    )


def _figures_like(rows: list[pd.Series]) -> str:
    """The printed figure (sign dropped) whose decimals a formula's figures take: the most
    of the rows it adds, so a sum of decimals reads 0.3, never 0.30000000000000004."""
    texts = [text_or_empty(r["value_text"]).rstrip("%％") for r in rows]
    return max(texts, key=decimals_of, default="")


# --------------------------------------------------------------------------- shares

# What a share's whole is besides a sum of named rows: the group's total row (row_kind
# total; or the sum of the other parts, whichever the share agrees with), or the sum of
# all its parts.
TOTAL, SUM = "total", "sum"
# The words a share's label and formula may name besides the relation's columns.
SHARE_WORDS = ("part", "whole", "place")


def _terms(whole: str) -> list[tuple[float, str]]:
    """(sign, name) of each term of a sum or difference of named rows: "A − B"."""
    if whole in (TOTAL, SUM):
        return []
    tokens = re.split(r"\s*([+＋−-])\s*", whole.strip())
    signs = [-1.0 if t in "−-" else 1.0 for t in tokens[1::2]]
    return list(zip([1.0, *signs], tokens[::2], strict=True))


def _number(row: pd.Series | None) -> float | None:
    return None if row is None or is_missing(row["value"]) else float(row["value"])


def _wholes(parts: pd.DataFrame, named: Mapping[str, pd.Series], whole: str) -> list[float]:
    """The candidates for a share's whole, the printed 合計 first (then the sum of rows)."""
    if whole == SUM:
        return [total] if (total := sum_of_parts(parts)[0]) is not None else []
    if whole == TOTAL:
        totals = parts[parts["row_kind"] == "total"]
        printed = _number(totals.iloc[0]) if len(totals) == 1 else None
        summed = sum_of_parts(parts[parts["row_kind"] != "total"])[0]
        return [v for v in (printed, summed) if v is not None]
    values = [(sign, _number(named.get(name))) for sign, name in _terms(whole)]
    if any(v is None for _, v in values):
        return []
    return [sum(sign * v for sign, v in values if v is not None)]


def _words(row: pd.Series) -> dict[str, str]:
    """A row's columns as a label names them; `place`: its area as printed, else its row."""
    words = {str(k): text_or_empty(v) for k, v in row.items()}
    return words | {"place": words.get("municipality_name_printed") or words["row_label"]}


def _check_words(check_id: str, texts: list[str], allowed: set[str]) -> None:
    for text in texts:
        for _, name, _, _ in string.Formatter().parse(text):
            if name and name not in allowed:
                raise ProfileError(
                    f"check {check_id}: {{{name}}} is no column of the relation, no row its "
                    f"whole names, nor one of {', '.join(SHARE_WORDS)}"
                )


def _average_note(facts: pd.DataFrame, share: pd.Series, series: str) -> str:
    """Tell staff when a total row's share is the plain average of the rows' shares: the
    usual way such a 合計 row goes wrong."""
    if "row_kind" not in facts or share.get("row_kind") != "total":
        return ""
    same = facts[
        (facts[series] == share[series])
        & (facts["row_kind"] != "total")
        & (facts["table_id"] == share["table_id"])
        & (facts["column_label"] == share["column_label"])
    ]["value"]
    if same.empty or same.isna().any():
        return ""
    mean, stated = float(same.astype(float).mean()), str(share["value_text"])
    if abs(mean - float(share["value"])) > rounding_tolerance(decimals_of(stated)):
        return ""
    return f"各市町の構成比の単純平均 {format_like(mean, stated)} と一致する"


def _in_percent(share: pd.Series) -> bool:
    printed = nfkc(text_or_empty(share.get("unit")) + text_or_empty(share["value_text"]))
    return "%" in printed


def check_shares(facts: pd.DataFrame, check_id: str, params: Mapping[str, object]) -> CheckOutcome:
    """Each printed share (a row whose `series` column is `share`) against its part (the
    row of its group whose `series` is `part` and that agrees on the `row_keys` columns)
    ÷ its `whole`, in each group of the `group_by` columns; ×100 when printed in %. A
    share printed without a number is skipped. `label` and `formula` word the finding with
    the share's columns, `{part}`, `{whole}`, `{place}` and the rows its whole names."""
    series, share_name, part_name, whole = (
        str(params[k]) for k in ("series", "share", "part", "whole")
    )
    keys = [str(c) for c in params["row_keys"]]  # type: ignore[attr-defined]
    label, formula = str(params["label"]), str(params["formula"])
    names = {part_name, *(name for _, name in _terms(whole))}
    if "" in names:  # "A − ": a term left out would make every share a missing number
        raise ProfileError(
            f"check {check_id}: whole {whole!r} is not {TOTAL}, {SUM} nor rows joined by + "
            "or − (A − B)"
        )
    _check_words(check_id, [label, formula], {*facts.columns, *SHARE_WORDS, *names})
    rows = []
    skipped = 0
    # A group whose key is not printed (no area on the region's own table) is a group too.
    groups = facts.groupby(list(params["group_by"]), sort=False, dropna=False)  # type: ignore[call-overload]
    for _, group in groups:
        parts = group[group[series] == part_name]
        named = {str(r[series]): r for _, r in group.iterrows()}
        wholes = _wholes(parts, named, whole)
        like = _figures_like(
            [*(r for _, r in parts.iterrows()), *(named[n] for n in names & set(named))]
        )
        # A share pairs with the part of its row keys; a total row's share (100%) with the total.
        by_key = {tuple(text_or_empty(r[c]) for c in keys): r for _, r in parts.iterrows()}
        for _, share in group[group[series] == share_name].iterrows():
            if is_missing(share["value"]):
                skipped += 1
                continue
            part = _number(by_key.get(tuple(text_or_empty(share[c]) for c in keys)))
            scale = 100.0 if _in_percent(share) else 1.0
            candidates = [(part / w * scale, w) for w in wholes if w and part is not None]
            computed, text, note = None, "", ""
            if candidates:
                computed, used = min(candidates, key=lambda c: abs(float(share["value"]) - c[0]))
                values = {
                    n: format_like(v, like)
                    for n in names
                    if (v := _number(named.get(n))) is not None
                }
                figures = {"part": format_like(part, like), "whole": format_like(used, like)}
                words = _words(share) | values | figures
                text = formula.format_map(words)
                if len(wholes) == 2 and wholes[0] != wholes[1]:
                    printed, summed = (format_like(w, like) for w in wholes)
                    note = f"合計欄 {printed} でも各行の和 {summed} でも一致しない"
            note = _average_note(facts, share, series) or note
            label_text = label.format_map(_words(share))
            rows.append(comparison_row(share, computed, formula=text, note=note, label=label_text))
    result = numeric_findings(comparison_frame(rows), check_id, FAMILY, _message)
    # A share no row prints (a misspelt `share`, or `where` leaving none) compares nothing:
    # said, never a silent pass.
    notes = [] if rows or skipped else [f"「{share_name}」の行がないため照合していない"]
    return replace(outcome(check_id, FAMILY, [result], skipped=skipped), notes=notes)


# --------------------------------------------------------------------------- KPI quotients


def _term_of(quotient: KpiQuotient, row: pd.Series) -> str | None:
    """Which of the quotient's KPIs `row` is: the first whose words its indicator contains,
    in its unit (`money`: any unit of YEN_PER_UNIT; another one is not guessed)."""
    text, unit = nfkc(text_or_empty(row.get("indicator"))), text_or_empty(row.get("unit"))
    for name in QUOTIENT_TERMS:
        term = getattr(quotient, name)
        # fact_kpi keeps a unit in NFKC; the profile may copy it as printed (ｈａ).
        fits = unit in YEN_PER_UNIT if term.unit == MONEY_UNIT else unit == nfkc(term.unit).strip()
        if fits and all(nfkc(word) in text for word in term.words):
            return name
    return None


# The scale words a unit begins with, longest first (百万 before 万).
SCALE_PREFIX = re.compile("|".join(sorted(SCALE_WORDS, key=len, reverse=True)))


def _scale(unit: str) -> float:
    """What one `unit` is in the unit without its scale words: 万人 10,000 (人), 百万円
    1,000,000 (円), 千万人 10,000,000 (千 × 万), 人 1."""
    scale = 1.0
    while (word := SCALE_PREFIX.match(unit)) and word.end() < len(unit):
        scale *= SCALE_WORDS[word.group()]
        unit = unit[word.end() :]
    return scale


def check_kpi_quotient(kpi: pd.DataFrame, check_id: str, quotient: KpiQuotient) -> CheckOutcome:
    """The KPI `per` = its numerator ÷ its denominator (money units converted), for the
    baseline and the target of each section printing all three."""
    # What the notes call the KPIs: their words (一人当生産額).
    name, *operands = ("".join(getattr(quotient, t).words) for t in QUOTIENT_TERMS)
    terms = kpi.assign(term=[_term_of(quotient, r) for _, r in kpi.iterrows()])
    rows = []
    skipped = 0
    notes: list[str] = []
    for (printed_in, value_kind), group in terms.groupby(["printed_in", "value_kind"], sort=False):
        found = {
            term: part.iloc[0]
            for term, part in group.groupby("term")
            if len(part) == 1  # ambiguous wording: do not guess
        }
        if set(found) != set(QUOTIENT_TERMS):
            continue
        per, numerator, denominator = (found[t] for t in QUOTIENT_TERMS)
        column = f"{VALUE_LABELS[value_kind]}（{printed_in}）"
        if any(is_missing(x["value"]) for x in (per, numerator, denominator)):
            skipped += 1
            continue
        if not (numerator["year"] == denominator["year"] == per["year"]):
            skipped += 1
            notes.append(f"{column}: 年が揃わないため{name}を照合しない")
            continue
        if float(denominator["value"]) == 0:  # nothing to divide by: no quotient to check
            skipped += 1
            notes.append(f"{column}: {operands[1]}が0のため{name}を照合しない")
            continue
        # In the units without their scale words (yen, persons), then in the value's unit.
        computed = (
            float(numerator["value"])
            * _scale(numerator["unit"])
            / (float(denominator["value"]) * _scale(denominator["unit"]))
            / _scale(per["unit"])
        )
        formula = (
            f"{numerator['value_text']}{numerator['unit']} ÷ "
            f"{denominator['value_text']}{denominator['unit']}（{per['unit']}）"
        )
        rows.append(
            comparison_row(per, computed, formula=formula, label=f"{per['indicator']}の{column}")
            | {"column_label": column, "row_label": per["indicator"]}
        )
    result = numeric_findings(comparison_frame(rows), check_id, FAMILY, _message)
    if result.compared == 0 and not skipped:
        # A document that prints no such KPI triple has nothing to check: noted, never
        # a data error (the rule must not block a warehouse of another vision).
        triple = "・".join([*operands, name])
        notes.append(f"この文書には{triple}の組の成果指標が掲載されていないため照合していない")
    return replace(outcome(check_id, FAMILY, [result], skipped=skipped), notes=notes)

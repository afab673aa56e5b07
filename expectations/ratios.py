"""Family 2 — ratios and shares recomputed from the counts printed beside them.

* commuting: 通勤通学割合 = C / (A − B), printed with two decimals;
* 比率 columns of the usage tables: share = count ÷ the column's 合計 (×100, as printed);
* employment: each sector's 構成比 = its count ÷ the row's three sector counts, in every
  row including 合計;
* wholesale/retail: the core city ÷ 全県;
* the derived KPI 従業者一人当生産額 (千円) = 総生産額 (百万円) ÷ 従業者数, for the baseline
  and the target of each section that prints the three KPIs (found by wording and unit).

A share is consistent when it agrees, within its printed rounding, with the count divided
by the printed 合計 *or* by the sum of the column's rows: when the 合計 itself is wrong
(a family 1 finding), shares computed from the true sum are not a second error.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from expectations import families
from expectations.compare import (
    NumericResult,
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

FAMILY = families.RATIOS

# Value of one unit of each money unit, in yen: the per-worker KPI mixes 百万円 and 千円.
YEN_PER_UNIT = {"円": 1.0, "千円": 1e3, "万円": 1e4, "百万円": 1e6, "億円": 1e8}


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = comparison_frame(rows)
    for key in ("formula", "note", "label"):
        frame[key] = [r.get(key, "") for r in rows]
    return frame


def _message(what: Callable[[pd.Series], str]) -> Callable[[pd.Series, str], str]:
    def message(row: pd.Series, expected: str) -> str:
        note = f"（{row['note']}）" if row.get("note") else ""
        return (
            f"{what(row)}は {row['stated_text']} と記載されているが、"
            f"{row['formula']} = {expected}{note}"
        )

    return message


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


# --------------------------------------------------------------------------- commuting


# What a printed ratio is computed from: the rows beside it (by their part) → the computed
# value (None when it cannot be computed) and the formula the message shows.
Computation = Callable[[dict[object, pd.Series]], tuple[float | None, str]]


def _printed_ratios(
    facts: pd.DataFrame,
    check_id: str,
    keys: list[str],
    part: str,
    compute: Computation,
    what: Callable[[pd.Series], str],
) -> CheckOutcome:
    """In each group of `facts` by `keys`, the row whose `part` is "ratio" against what
    `compute` makes of the group's rows by their `part`; a ratio printed without a number
    is skipped."""
    rows = []
    skipped = 0
    for _, group in facts.groupby(keys, sort=False):
        parts = {r[part]: r for _, r in group.iterrows()}
        ratio = parts.get("ratio")
        if ratio is None:
            continue
        if is_missing(ratio["value"]):
            skipped += 1
            continue
        computed, formula = compute(parts)
        rows.append(comparison_row(ratio, computed, formula=formula))
    result = numeric_findings(_frame(rows), check_id, FAMILY, _message(what))
    return outcome(check_id, FAMILY, [result], skipped=skipped)


def _commuting(by_code: dict[object, pd.Series]) -> tuple[float | None, str]:
    a, b, c = (by_code.get(k) for k in "ABC")
    if a is None or b is None or c is None:
        return None, "C / (A − B)"
    values = [x["value"] for x in (a, b, c)]
    if any(is_missing(v) for v in values) or float(values[0]) == float(values[1]):
        return None, "C / (A − B)"
    av, bv, cv = (float(v) for v in values)
    return cv / (av - bv), f"C / (A − B) = {_fmt(cv)} / ({_fmt(av)} − {_fmt(bv)})"


def commuting_ratio(facts: pd.DataFrame, check_id: str) -> CheckOutcome:
    """通勤通学割合 = C / (A − B) per municipality."""
    return _printed_ratios(
        facts,
        check_id,
        ["table_id", "row_label"],
        "measure_code",
        _commuting,
        lambda r: f"{r['row_label']}の通勤通学割合",
    )


# --------------------------------------------------------------------------- shares


def _residence_key(row: pd.Series) -> str:
    code = row.get("municipality_code")
    return str(row["row_kind"]) if is_missing(code) else str(code)


def _closest(stated: float, candidates: list[tuple[float, str]]) -> tuple[float, str]:
    return min(candidates, key=lambda c: abs(stated - c[0]))


def usage_shares(facts: pd.DataFrame, check_id: str) -> CheckOutcome:
    """Every 比率 (share) = its count ÷ the 合計 of that column (printed, or the row sum)."""
    rows = []
    skipped = 0
    for _, group in facts.groupby(["table_id", "service"], sort=False):
        counts = group[group["measure"] == "count"]
        shares = group[group["measure"] == "share"]
        if shares.empty:
            continue
        parts = counts[counts["row_kind"] != "total"]
        totals = counts[counts["row_kind"] == "total"]
        denominators: list[tuple[float, str]] = []
        if len(totals) == 1 and not is_missing(totals.iloc[0]["value"]):
            denominators.append((float(totals.iloc[0]["value"]), "合計"))
        if not parts.empty and not parts["value"].isna().any():
            denominators.append((float(parts["value"].astype(float).sum()), "各行の和"))
        count_by_key = {_residence_key(r): r for _, r in parts.iterrows()}
        for _, share in shares.iterrows():
            count = count_by_key.get(_residence_key(share))
            if is_missing(share["value"]):
                skipped += 1
                continue
            computed = None
            formula = "人数 ÷ 合計"
            note = ""
            if count is not None and not is_missing(count["value"]) and denominators:
                stated = float(share["value"])
                candidates = [
                    (float(count["value"]) / d * 100.0, f"{_fmt(count['value'])} ÷ {_fmt(d)}")
                    for d, _ in denominators
                    if d
                ]
                if candidates:
                    computed, formula = _closest(stated, candidates)
                    if len(denominators) == 2 and denominators[0][0] != denominators[1][0]:
                        note = (
                            f"合計欄 {_fmt(denominators[0][0])} でも"
                            f"各行の和 {_fmt(denominators[1][0])} でも一致しない"
                        )
            residence = text_or_empty(share.get("municipality_name_printed")) or str(
                share["row_label"]
            )
            label = f"{residence}の{share['service']}の比率"
            rows.append(comparison_row(share, computed, formula=formula, note=note, label=label))
    result = numeric_findings(_frame(rows), check_id, FAMILY, _message(lambda r: r["label"]))
    return outcome(check_id, FAMILY, [result], skipped=skipped)


def employment_shares(facts: pd.DataFrame, check_id: str) -> CheckOutcome:
    """Each sector's 構成比 = its count ÷ the row's sector counts (every row, incl. 合計)."""
    rows = []
    skipped = 0
    for _, group in facts.groupby(["table_id", "row_label"], sort=False):
        counts = group[group["measure"] == "count"]
        shares = group[group["measure"] == "share"]
        row_total = (
            None
            if counts.empty or counts["value"].isna().any()
            else float(counts["value"].astype(float).sum())
        )
        count_by_sector = {r["sector"]: r for _, r in counts.iterrows()}
        for _, share in shares.iterrows():
            if is_missing(share["value"]):
                skipped += 1
                continue
            count = count_by_sector.get(share["sector"])
            computed = None
            formula = "就業人口 ÷ 3産業の計"
            if count is not None and row_total:
                computed = float(count["value"]) / row_total * 100.0
                formula = f"{_fmt(count['value'])} ÷ {_fmt(row_total)}"
            rows.append(comparison_row(share, computed, formula=formula))
    frame = _frame(rows)
    # Tell staff when a total row's share is the plain average of the rows' shares: the
    # usual way such a 合計 row goes wrong.
    averages = _average_share_notes(facts, frame)
    frame["note"] = [averages.get(i, n) for i, n in enumerate(frame["note"])]
    result = numeric_findings(
        frame,
        check_id,
        FAMILY,
        _message(lambda r: f"{r['row_label']}の{str(r['column_label']).split('/')[0]}の構成比"),
    )
    return outcome(check_id, FAMILY, [result], skipped=skipped)


def _average_share_notes(facts: pd.DataFrame, frame: pd.DataFrame) -> dict[int, str]:
    notes: dict[int, str] = {}
    shares = facts[(facts["measure"] == "share") & (facts["row_kind"] != "total")]
    totals = set(
        facts[(facts["row_kind"] == "total")][["table_id", "row_label"]].itertuples(index=False)
    )
    for i, row in frame.iterrows():
        if (row["table_id"], row["row_label"]) not in totals:
            continue
        same = shares[
            (shares["table_id"] == row["table_id"])
            & (shares["column_label"] == row["column_label"])
        ]["value"]
        if same.empty or same.isna().any():
            continue
        mean = float(same.astype(float).mean())
        if abs(mean - float(row["stated"])) <= float(row["tolerance"]):
            notes[int(i)] = f"各市町の構成比の単純平均 {mean:.1f}% と一致する"
    return notes


def _city_share(kinds: dict[object, pd.Series]) -> tuple[float | None, str]:
    city, pref = kinds.get("municipality"), kinds.get("prefecture")
    if (
        city is not None
        and pref is not None
        and not is_missing(city["value"])
        and not is_missing(pref["value"])
        and float(pref["value"])
    ):
        computed = float(city["value"]) / float(pref["value"]) * 100.0
        return computed, f"{_fmt(city['value'])} ÷ {_fmt(pref['value'])}"
    return None, f"{city['area'] if city is not None else '市'} ÷ 全県"


def wholesale_shares(facts: pd.DataFrame, check_id: str) -> CheckOutcome:
    """The core city's share of the prefecture = the city ÷ 全県, per item."""
    return _printed_ratios(
        facts,
        check_id,
        ["table_id", "item"],
        "area_kind",
        _city_share,
        lambda r: f"{r['row_label']}の比率",
    )


# --------------------------------------------------------------------------- derived KPI


def _kpi_role(row: pd.Series) -> str | None:
    """Which part of 一人当生産額 = 総生産額 ÷ 従業者数 a KPI is, by its wording and unit."""
    text = nfkc(text_or_empty(row.get("indicator")))
    unit = text_or_empty(row.get("unit"))
    if "一人当" in text and "生産額" in text and unit in YEN_PER_UNIT:
        return "per_worker"
    if "生産額" in text and unit in YEN_PER_UNIT:
        return "production"
    if "従業者数" in text and unit == "人":
        return "workers"
    return None


NO_PER_WORKER_KPI_NOTE = (
    "この文書には総生産額・従業者数・一人当生産額の組の成果指標が掲載されていないため照合していない"
)


def production_per_worker(kpi: pd.DataFrame, check_id: str) -> CheckOutcome:
    """従業者一人当生産額 = 総生産額 ÷ 従業者数 (units converted), baseline and target."""
    roles = kpi.assign(role=[_kpi_role(r) for _, r in kpi.iterrows()])
    rows = []
    skipped = 0
    notes: list[str] = []
    for (printed_in, value_kind), group in roles.groupby(["printed_in", "value_kind"], sort=False):
        found = {
            role: part.iloc[0]
            for role, part in group.groupby("role")
            if len(part) == 1  # ambiguous wording: do not guess
        }
        if set(found) != {"per_worker", "production", "workers"}:
            continue
        per, prod, workers = found["per_worker"], found["production"], found["workers"]
        if any(is_missing(x["value"]) for x in (per, prod, workers)):
            skipped += 1
            continue
        if not (prod["year"] == workers["year"] == per["year"]):
            skipped += 1
            notes.append(f"{printed_in} {value_kind}: 年が揃わないため一人当生産額を照合しない")
            continue
        computed = (
            float(prod["value"])
            * YEN_PER_UNIT[str(prod["unit"])]
            / float(workers["value"])
            / YEN_PER_UNIT[str(per["unit"])]
        )
        formula = f"{prod['value_text']}{prod['unit']} ÷ {workers['value_text']}人（{per['unit']}）"
        label = "基準値" if value_kind == "baseline" else "目標値"
        rows.append(
            comparison_row(per, computed, formula=formula)
            | {"column_label": f"{label}（{printed_in}）", "row_label": per["indicator"]}
        )
    result: NumericResult = numeric_findings(
        _frame(rows),
        check_id,
        FAMILY,
        _message(lambda r: f"{r['row_label']}の{r['column_label']}"),
        expected_text=lambda r: format_like(float(r["computed"]), str(r["stated_text"])),
    )
    out = outcome(check_id, FAMILY, [result], skipped=skipped)
    if result.compared == 0:
        # A document that prints no such KPI triple has nothing to check: noted, never
        # a data error (the rule must not block a warehouse of another vision).
        out = CheckOutcome(check_id, FAMILY, 0, [], [], skipped)
        notes.append(NO_PER_WORKER_KPI_NOTE)
    return CheckOutcome(
        out.check_id, out.family, out.compared, out.findings, out.data_errors, out.skipped, notes
    )

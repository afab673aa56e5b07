"""Every data-quality rule the pipeline runs, in one list.

A rule takes the normalized fact frames of one revision (table name → frame) and returns a
CheckOutcome. Dagster turns each rule into an asset check; `run_checks` runs them all for
the warehouse's `finding` table and for `vision check`.

Families (the `family` of each rule and finding): row_sums (1), ratios (2),
kpi_consistency (3), cross_table (4), participation (5), names (6), cross_source (7),
text (8: the document's text and structure). The text rules read the text outside the
tables under the key `DOCUMENT_TEXT`; without it (frames built from tables alone) they
are skipped with a note, not failed.
The cross-source rules read the official statistics from the same mapping, under the
keys in `expectations.cross_source` (OFFICIAL_CENSUS, OFFICIAL_IPSS); without them they
are skipped with a note, not failed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from expectations import (
    cross_source,
    cross_table,
    kpi_consistency,
    names,
    participation,
    ratios,
    text_structure,
    text_tables,
    text_terms,
)
from expectations.document_text import DOCUMENT_TEXT
from expectations.findings import CheckOutcome
from expectations.row_sums import check_total_columns, check_total_rows

Frames = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Rule:
    check_id: str
    family: str
    description: str
    inputs: tuple[str, ...]
    run: Callable[[Frames], CheckOutcome]
    # Official datasets the rule also reads, as frames keyed `official_<dataset>`.
    official: tuple[str, ...] = ()


def _missing_inputs(rule_id: str, family: str, frames: Frames, names_: tuple[str, ...]):
    missing = [n for n in names_ if n not in frames or frames[n].empty]
    if missing:
        return CheckOutcome(rule_id, family, 0, [], [f"no rows in {', '.join(missing)}"])
    return None


def _rule(
    check_id: str,
    family: str,
    description: str,
    inputs: tuple[str, ...],
    check: Callable[..., CheckOutcome],
    *,
    whole: bool = False,
    official: tuple[str, ...] = (),
) -> Rule:
    """A rule over one frame (`check(frame, check_id)`) or all frames (`whole=True`)."""

    def run(frames: Frames) -> CheckOutcome:
        missing = _missing_inputs(check_id, family, frames, inputs)
        if missing is not None:
            return missing
        return check(frames if whole else frames[inputs[0]], check_id)

    return Rule(check_id, family, description, inputs, run, official)


# What a text rule's input is, in the words of the report's notes.
TEXT_INPUT_NAMES = {
    DOCUMENT_TEXT: "本文のテキスト",
    "table_cell": "表のセル",
    "fact_project_budget": "事業費見込",
}


def _text_rule(
    check_id: str,
    description: str,
    inputs: tuple[str, ...],
    check: Callable[[dict[str, pd.DataFrame], str], CheckOutcome],
) -> Rule:
    """A family-8 rule over `inputs` (all frames passed); skipped with a note when one of
    them was not supplied or is empty."""

    def run(frames: Frames) -> CheckOutcome:
        absent = [n for n in inputs if n not in frames or frames[n].empty]
        if absent:
            what = "・".join(TEXT_INPUT_NAMES.get(n, n) for n in absent)
            return CheckOutcome(
                check_id, "text", 0, [], notes=[f"{what}が与えられていないため照合していない"]
            )
        return check(dict(frames), check_id)

    return Rule(check_id, "text", description, inputs, run)


def _counts(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["measure"] == "count"]


def _total_rows_rule(
    check_id: str,
    table: str,
    description: str,
    *,
    group_by: tuple[str, ...] = ("table_id", "column_label"),
    select: Callable[[pd.DataFrame], pd.DataFrame] = lambda f: f,
) -> Rule:
    return _rule(
        check_id,
        "row_sums",
        description,
        (table,),
        lambda frame, cid: check_total_rows(select(frame), cid, group_by),
    )


def _budget_rows(budget: pd.DataFrame) -> pd.DataFrame:
    return budget.assign(row_kind=budget["is_total"].map(lambda t: "total" if t else "year"))


RULES: tuple[Rule, ...] = (
    # --- family 1: row and column sums
    _total_rows_rule(
        "population_total_row",
        "fact_population",
        "Each population table's 合計 row equals the sum of its municipality rows, per year.",
    ),
    _total_rows_rule(
        "medical_total_row",
        "fact_medical_facility",
        "医療施設・医師数: the 合計 row equals the sum of the municipalities, per column.",
    ),
    _total_rows_rule(
        "welfare_total_row",
        "fact_welfare_facility",
        "社会福祉施設等 (3 tables): the 合計 row equals the sum of the municipalities.",
    ),
    _total_rows_rule(
        "usage_total_row",
        "fact_usage_by_residence",
        "Usage by residence (済生館, 休日夜間, 図書館, 商業高校): 合計 = sum of residences.",
        group_by=("table_id", "service", "measure"),
        select=_counts,
    ),
    _rule(
        "usage_total_column",
        "row_sums",
        "済生館: per residence, 合計 column = 入院 + 外来 (patient counts).",
        ("fact_usage_by_residence",),
        lambda frame, cid: check_total_columns(
            _counts(frame),
            cid,
            row_keys=("table_id", "row_label", "measure"),
            series="service",
            total="合計",
        ),
    ),
    _total_rows_rule(
        "employment_total_row",
        "fact_employment",
        "産業別就業人口: the 合計 row's counts equal the sum of the municipalities.",
        select=_counts,
    ),
    _total_rows_rule(
        "budget_total",
        "fact_project_budget",
        "事業費見込: a printed 合計 equals the sum of the fiscal years (* unverifiable).",
        group_by=("table_id", "project_no"),
        select=_budget_rows,
    ),
    # --- family 2: ratios and shares
    _rule(
        "commuting_ratio",
        "ratios",
        "通勤通学割合 = C / (A − B) per municipality, within the printed rounding.",
        ("fact_commuting",),
        ratios.commuting_ratio,
    ),
    _rule(
        "usage_share",
        "ratios",
        "Every 比率 of the usage tables = count ÷ the column's 合計.",
        ("fact_usage_by_residence",),
        ratios.usage_shares,
    ),
    _rule(
        "employment_share",
        "ratios",
        "構成比 = sector count ÷ the row's three sectors, every row incl. 合計.",
        ("fact_employment",),
        ratios.employment_shares,
    ),
    _rule(
        "wholesale_share",
        "ratios",
        "卸売・小売業: 比率 = 山形市 ÷ 全県 per item.",
        ("fact_wholesale_retail",),
        ratios.wholesale_shares,
    ),
    _rule(
        "kpi_production_per_worker",
        "ratios",
        "KPI 従業者一人当生産額 (千円) = 総生産額 (百万円) ÷ 従業者数, baseline and target.",
        ("fact_kpi",),
        ratios.production_per_worker,
    ),
    # --- family 3: KPI in 3(1) vs 4
    _rule(
        "kpi_cross_section",
        "kpi_consistency",
        "Each KPI's values, years, source and wording agree between 3(1) and the 4 list.",
        ("fact_kpi",),
        kpi_consistency.check_kpi_cross_section,
    ),
    # --- family 4: cross-table
    _rule(
        "population_cross_table",
        "cross_table",
        "Population figures printed in both 2(1)ア and 2(3), and 2(3)'s total line, agree.",
        ("fact_population",),
        cross_table.check_population_tables,
    ),
    # --- family 5: participation
    _rule(
        "project_participation",
        "participation",
        "Each project's (★) marks on its 3(2) card equal its ★ row in the 4 matrix.",
        ("fact_project_participation",),
        participation.check_participation,
    ),
    _rule(
        "project_identity",
        "participation",
        "Project numbers, names and classification agree between 3(2) cards and 4.",
        ("fact_project_participation",),
        participation.check_project_identity,
    ),
    # --- family 6: names and lists
    _rule(
        "municipality_names",
        "names",
        "Every printed municipality name is one of the 14 official names (misprints).",
        (),
        names.check_municipality_names,
        whole=True,
    ),
    _rule(
        "duplicate_list_entries",
        "names",
        "No entry is printed twice in the same list (facilities, financial institutions).",
        ("fact_facility_list",),
        names.check_duplicate_entries,
        whole=True,
    ),
    # --- family 7: cross-source
    _rule(
        "census2020_population",
        "cross_source",
        "2020 population per municipality and total = 2020 census final (確定) counts.",
        ("fact_population",),
        cross_source.check_census_2020,
        whole=True,
        official=("census2020_final", "census2020_preliminary"),
    ),
    _rule(
        "ipss2023_projection",
        "cross_source",
        "Projected population 2025–2050 per municipality and total = IPSS 2023.",
        ("fact_population",),
        cross_source.check_ipss_2023,
        whole=True,
        official=("ipss2023_projections",),
    ),
    # --- family 8: the document's text and structure (表記・構成)
    _text_rule(
        "term_variants",
        "A term printed rarely that differs by one character or a ・ from a frequent one.",
        (DOCUMENT_TEXT,),
        text_terms.check_term_variants,
    ),
    _text_rule(
        "table_of_contents",
        "Each 目次 entry matches its heading (words and printed page); none missing.",
        (DOCUMENT_TEXT,),
        text_structure.check_table_of_contents,
    ),
    _text_rule(
        "heading_numbering",
        "Numbered headings (①②…, (ア)(イ)…, (1)(2)…, a b…) count up without gaps or repeats.",
        (DOCUMENT_TEXT,),
        text_structure.check_numbering,
    ),
    _text_rule(
        "municipality_coverage",
        "A table keyed by municipality lists all 14 when a table of its section does.",
        ("table_cell",),
        text_tables.check_municipality_coverage,
    ),
    _text_rule(
        "copied_budget_rows",
        "Two different projects do not print identical 事業費見込 rows (copy-paste).",
        ("fact_project_budget",),
        text_tables.check_copied_blocks,
    ),
)


def run_checks(frames: Frames, rules: tuple[Rule, ...] = RULES) -> list[CheckOutcome]:
    return [rule.run(frames) for rule in rules]

"""Every data-quality rule the pipeline runs, in one list.

A rule takes the normalized fact frames of one revision (table name → frame) and returns a
CheckOutcome. `run_checks` runs them all, once per refresh, in the Dagster asset
`vision/findings`; each rule's asset check reports its outcome from there, and the
warehouse stores them as its `check_result` and `finding` tables (read by `vision check`).

Families (the `family` of each rule and finding) are listed once, in
`expectations.families`; the text family covers the document's text and structure.
The text rules read the text outside the tables under the key `DOCUMENT_TEXT`; without
it (frames built from tables alone) they are skipped with a note, not failed.
The cross-source rules read the official statistics from the same mapping, under the
keys in `expectations.cross_source` (OFFICIAL_CENSUS, OFFICIAL_IPSS); without them they
are skipped with a note, not failed.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from expectations import (
    cross_source,
    cross_table,
    declared_ratios,
    grid_totals,
    kpi_consistency,
    names,
    participation,
    ratios,
    text_official,
    text_structure,
    text_tables,
    text_terms,
)
from expectations.document_text import DOCUMENT_TEXT
from expectations.families import (
    CROSS_SOURCE,
    CROSS_TABLE,
    KPI_CONSISTENCY,
    NAMES,
    PARTICIPATION,
    RATIOS,
    ROW_SUMS,
    TEXT,
)
from expectations.findings import CheckOutcome
from expectations.row_sums import check_total_rows
from sources.profile import (
    NOT_IN_DOCUMENT,
    QUOTIENT_TERMS,
    KpiQuotient,
    Profile,
    current_profile,
)
from sources.profile_match import DECLARED_TABLES, EXPLAIN_HINT
from sources.profile_reader import ProfileError
from sources.profile_subjects import SubjectCheck

Frames = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Rule:
    check_id: str
    family: str
    # What the rule compares, in Japanese, with placeholders for the profile's words
    # (`_describe`); staff read it in Dagster next to the findings and in the report.
    template: str
    inputs: tuple[str, ...]
    run: Callable[[Frames], CheckOutcome]
    # Official datasets the rule also reads, as frames keyed `official_<dataset>`.
    official: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """The template in the run's profile's words, read when asked, not at import (a
        process that switches VISION_PROFILE describes the rules of the profile it uses)."""
        return _describe(self.template)


# Why a rule did not run on a document that prints none of the tables it checks.
NOT_PRINTED_NOTE = "この文書には対象の表が掲載されていないため照合していない"


def _missing_inputs(rule_id: str, family: str, frames: Frames, names_: tuple[str, ...]):
    missing = [n for n in names_ if n not in frames or frames[n].empty]
    # Empty because the document prints none of the tables (the profile declares none), or
    # absent because its profile declares no such subject relation (warehouse.subjects):
    # nothing to check, which is no data error.
    not_printed = [n for n in missing if n not in frames or frames[n].attrs.get(NOT_IN_DOCUMENT)]
    if missing and missing == not_printed:
        return CheckOutcome(rule_id, family, 0, [], notes=[NOT_PRINTED_NOTE])
    if missing:
        error = f"no rows in {', '.join(missing)}{_read_from(frames, missing)}"
        return CheckOutcome(rule_id, family, 0, [], [error])
    return None


def _read_from(frames: Frames, names_: Sequence[str]) -> str:
    """Where the frames `names_` are read from in the document and the profile (the
    normalizers' DECLARED_TABLES), for a data error to name: "" when not known."""
    declared = [
        text for n in names_ if n in frames for text in frames[n].attrs.get(DECLARED_TABLES, [])
    ]
    if not declared:
        return ""
    return f" (read from {'; '.join(dict.fromkeys(declared))}; {EXPLAIN_HINT})"


def _naming_tables(outcome: CheckOutcome, frames: Frames, names_: Sequence[str]) -> CheckOutcome:
    """`outcome` with each data error naming the tables its input is read from."""
    where = _read_from(frames, names_)
    return replace(outcome, data_errors=[e + where for e in outcome.data_errors])


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
        return _naming_tables(
            check(frames if whole else frames[inputs[0]], check_id), frames, inputs
        )

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
                check_id, TEXT, 0, [], notes=[f"{what}が与えられていないため照合していない"]
            )
        return check(dict(frames), check_id)

    return Rule(check_id, TEXT, description, inputs, run)


# What a description says of a table the document does not print (as the warehouse's
# comments do, warehouse.profile_labels.ABSENT).
UNDECLARED_TABLE = "—"


def _undeclared(words: Mapping[str, object], absent: object = UNDECLARED_TABLE) -> dict:
    """A table's words in a description; a table the profile does not declare (another
    area's document prints another subset) reads `absent` instead of failing the import."""
    return defaultdict(lambda: absent, words)


def _describe(template: str) -> str:
    """A description in the profile's words. The template's rules name tables by shape and
    role, never by one document's keys: `{population}` / `{population_target}` the section
    the population table / its targets are printed in,
    `{section[key]}` a template section's label, `{core}` the core city, `{n}` the member
    count. A profile's own checks (subjects.toml) may also name its tables by key:
    `{short[key]}` a table's short name, `{count[key]}` how many tables it is, `{label[key]}`
    the section it is printed in."""
    profile = current_profile()
    population, target = profile.population_table(), profile.population_table(target=True)
    return template.format(
        population=(population.label if population else None) or UNDECLARED_TABLE,
        population_target=(target.label if target else None) or UNDECLARED_TABLE,
        short=_undeclared({t.key: t.short for t in profile.tables}),
        count=_undeclared({t.key: t.min_count for t in profile.tables}, 0),
        label=_undeclared({t.key: t.label for t in profile.tables}),
        section={key: section.label for key, section in profile.sections.items()},
        core=profile.region.core_city.name,
        n=len(profile.region.municipalities),
    )


def _budget_total(budget: pd.DataFrame, check_id: str) -> CheckOutcome:
    """Each project's printed 合計 against its years (a total row per table and project)."""
    rows = budget.assign(row_kind=budget["is_total"].map(lambda t: "total" if t else "year"))
    return check_total_rows(rows, check_id, ("table_id", "project_no"))


RULES: tuple[Rule, ...] = (
    # --- family 1: row and column sums
    _rule(
        "population_total_row",
        ROW_SUMS,
        "人口の各表: 合計の行 = 市町の行の和（年ごと）。",
        ("fact_population",),
        check_total_rows,
    ),
    _rule(
        "budget_total",
        ROW_SUMS,
        "事業費見込: 掲載の合計 = 各年度の和（* は検証できない）。",
        ("fact_project_budget",),
        _budget_total,
    ),
    # --- family 2: ratios and shares
    _rule(
        "grid_totals",
        ROW_SUMS,
        "市町ごとの行（列）のある表で、合計の行（列）= 各市町の和。",
        (),
        grid_totals.check_grid_totals,
        whole=True,
    ),
    _rule(
        "declared_ratios",
        RATIOS,
        "プロファイルが宣言する比率（構成比・増減率）= 見出しの語で示す列からの計算値。",
        (),
        declared_ratios.check_declared_ratios,
        whole=True,
    ),
    # --- family 3: KPI in the KPI section vs the matrix
    _rule(
        "kpi_cross_section",
        KPI_CONSISTENCY,
        "各成果指標の値・年・出典・表記が {section[kpi]} と {section[matrix]} の一覧で一致する。",
        ("fact_kpi",),
        kpi_consistency.check_kpi_cross_section,
    ),
    # --- family 4: cross-table
    _rule(
        "population_cross_table",
        CROSS_TABLE,
        "{population} と {population_target} の両方に掲載の人口、"
        "および {population_target} の合計が一致する。",
        ("fact_population",),
        cross_table.check_population_tables,
    ),
    # --- family 5: participation
    _rule(
        "project_participation",
        PARTICIPATION,
        "各事業の {section[projects]} の（★）が {section[matrix]} の一覧の ★ と一致する。",
        ("fact_project_participation",),
        participation.check_participation,
    ),
    _rule(
        "project_identity",
        PARTICIPATION,
        "事業の番号・名称・分類が {section[projects]} と {section[matrix]} で一致する。",
        ("fact_project_participation",),
        participation.check_project_identity,
    ),
    # --- family 6: names and lists
    _rule(
        "municipality_names",
        NAMES,
        "掲載の市町名がすべて {n} 市町の正式名称である（誤植の検出）。",
        (),
        names.check_municipality_names,
        whole=True,
    ),
    # --- family 7: cross-source
    _rule(
        "census2020_population",
        CROSS_SOURCE,
        "2020 年の市町別人口と合計 = 令和2年国勢調査（確定値）。",
        ("fact_population",),
        cross_source.check_census_2020,
        whole=True,
        official=("census2020_final", "census2020_preliminary"),
    ),
    _rule(
        "ipss2023_projection",
        CROSS_SOURCE,
        "2025〜2050 年の将来推計人口（市町別・合計）= 社人研 令和5年推計。",
        ("fact_population",),
        cross_source.check_ipss_2023,
        whole=True,
        official=("ipss2023_projections",),
    ),
    # --- family 8: the document's text and structure (表記・構成)
    _text_rule(
        "term_variants",
        "まれにしか使われない用語が、頻出する用語と 1 文字または「・」だけ違う（表記の揺れ）。",
        (DOCUMENT_TEXT,),
        text_terms.check_term_variants,
    ),
    _text_rule(
        "official_names",
        "制度・圏域・構成市町・文書の表題と発行者・公的統計の名称と発行者が、正式な名称と"
        "「・」・空白・1文字・かな書き・市町村の別だけ違って印刷されていない（文書中の多数に"
        "かかわらず）。",
        (DOCUMENT_TEXT,),
        text_official.check_official_names,
    ),
    _text_rule(
        "compound_terms",
        "長い名称（8文字以上）が、頻出する同じ名称と途中の 1 語（2〜6 文字）の有無だけ違う。",
        (DOCUMENT_TEXT,),
        text_terms.check_compound_terms,
    ),
    _text_rule(
        "table_of_contents",
        "目次の各項目が本文の見出しと一致する（語句・ページ番号、見出しの漏れ）。",
        (DOCUMENT_TEXT,),
        text_structure.check_table_of_contents,
    ),
    _text_rule(
        "heading_numbering",
        "番号付き見出し（①②…・(ア)(イ)…・(1)(2)…・a b…）が欠番・重複なく続く。",
        (DOCUMENT_TEXT,),
        text_structure.check_numbering,
    ),
    _text_rule(
        "municipality_coverage",
        "市町別の表が、同じ節の表と同じく {n} 市町をすべて掲載している。",
        ("table_cell",),
        text_tables.check_municipality_coverage,
    ),
    _text_rule(
        "copied_budget_rows",
        "別の連携事業の事業費見込が全年度で同じ金額になっていない（複写の誤り）。",
        ("fact_project_budget",),
        text_tables.check_copied_blocks,
    ),
)


# --- the checks a profile declares on its subject relations (sources.profile_subjects) ---


@dataclass(frozen=True)
class CheckKind:
    """A kind of check a profile may run on a subject relation: its family, the parameters
    it takes (name → default; ... for required) and the check over the relation's frame
    (the frame, the check id, the parameters, the check's description in the profile's words)."""

    family: str
    params: Mapping[str, object]
    check: Callable[[pd.DataFrame, str, Mapping[str, object], str], CheckOutcome]
    what: str  # what it compares, for docs/profile.md


def _where(frame: pd.DataFrame, params: Mapping[str, object]) -> pd.DataFrame:
    """The rows whose columns equal the check's `where` (e.g. measure = count)."""
    for column, value in dict(params.get("where") or {}).items():
        frame = frame[frame[column] == value]
    return frame


CHECK_KINDS: dict[str, CheckKind] = {
    "total_rows": CheckKind(
        ROW_SUMS,
        {
            "group_by": ["table_id", "column_label"],
            "series": "row_kind",
            "total": "total",
            "where": {},
        },
        lambda frame, cid, p, _: check_total_rows(
            _where(frame, p),
            cid,
            tuple(p["group_by"]),
            series=str(p["series"]),
            total=str(p["total"]),
        ),
        "the row whose `series` is `total` (a total row; a total column with the columns' "
        "series) = the sum of the other rows of its group (`group_by`)",
    ),
    "share": CheckKind(
        RATIOS,
        {
            "group_by": ...,
            "series": ...,
            "share": ...,
            "part": ...,
            "whole": ...,
            "row_keys": [],
            "label": ...,
            "formula": "{part} ÷ {whole}",
            "where": {},
        },
        lambda frame, cid, p, _: ratios.check_shares(_where(frame, p), cid, p),
        "in each group (`group_by`), a printed share (its `series` column = `share`) = its "
        "part (`series` = `part`, the same `row_keys`) ÷ the `whole`: `total` (the group's "
        "total row, or the sum of its other parts), `sum` (the sum of its parts) or named "
        "rows (`A − B`); ×100 when printed in %. `label` and `formula` word the finding "
        "with the share's columns, `{part}`, `{whole}`, `{place}` and the named rows",
    ),
    "unique_entries": CheckKind(
        NAMES,
        {"scope": ..., "entry": ..., "what": ...},
        lambda frame, cid, p, _: names.check_unique_entries(
            frame, cid, p["scope"], p["entry"], _describe(str(p["what"]))
        ),
        "no `entry` printed twice in one list (the rows sharing the `scope` columns); "
        "`what` is what staff call an entry",
    ),
    "not_null": CheckKind(
        TEXT,
        {"columns": ...},
        lambda frame, cid, p, described: text_tables.check_rows_read(
            frame, cid, list(p["columns"]), described
        ),
        "every row holds a value in each of `columns` (e.g. `row_kind`: the row names a "
        "member, a total or other; a label the SELECT reads into a measure): one error "
        "finding per printed row that does not, with its table, page and row",
    ),
}


def _subject_check(check: SubjectCheck) -> Rule:
    """The rule of a check a profile declares on one subject relation; a ProfileError naming
    the declaration when the kind or a parameter is not one the rules know."""
    kind = CHECK_KINDS.get(check.kind)
    if kind is None:
        raise ProfileError(
            f"{check.where}.kind: {check.kind!r} is not one of {', '.join(CHECK_KINDS)}"
        )
    unknown = sorted(set(check.params) - set(kind.params))
    missing = sorted(k for k, v in kind.params.items() if v is ... and k not in check.params)
    if unknown or missing:
        problem = f"unknown key {unknown[0]!r}" if unknown else f"missing key {missing[0]!r}"
        takes = ", ".join(kind.params) or "no other key"
        raise ProfileError(f"{check.where}: {problem} (kind {check.kind} takes {takes})")
    params = {**kind.params, **check.params}
    _check_param_types(check, params)
    for key, text in (("description", check.description), ("what", params.get("what"))):
        if text is not None:
            _check_placeholders(check, key, str(text))

    def run(frame: pd.DataFrame, cid: str) -> CheckOutcome:
        absent = sorted(set(_named_columns(params)) - set(frame.columns))
        if absent:
            raise ProfileError(
                f"{check.where}: {absent[0]!r} is no column of {check.subject} "
                f"(its columns: {', '.join(frame.columns)})"
            )
        try:
            return kind.check(frame, cid, params, _describe(check.description))
        except ProfileError as exc:  # a parameter only the frame can judge (a share's label)
            raise ProfileError(f"{check.where}: {exc}") from exc

    return _rule(check.check_id, kind.family, check.description, (check.subject,), run)


def _subject_rule(checks: Sequence[SubjectCheck]) -> Rule:
    """The rule a profile declares on its subject relations, as the registry's rules are:
    one check, or one id declared on several relations (the same kind and description),
    whose outcome is theirs together — a relation the document does not print adds
    nothing."""
    first = checks[0]
    other = next(
        (c for c in checks if (c.kind, c.description) != (first.kind, first.description)), None
    )
    if other is not None:
        raise ProfileError(
            f"{other.where}: check id {first.check_id!r} is declared on {first.subject} with "
            "another kind or description"
        )
    parts = [_subject_check(check) for check in checks]
    family = parts[0].family
    subjects = tuple(check.subject for check in checks)

    def run(frames: Frames) -> CheckOutcome:
        outcomes = [part.run(frames) for part in parts]
        printed = [o for o in outcomes if o.notes != [NOT_PRINTED_NOTE]] or outcomes[:1]
        return CheckOutcome(
            first.check_id,
            family,
            sum(o.compared for o in printed),
            [f for o in printed for f in o.findings],
            [e for o in printed for e in o.data_errors],
            sum(o.skipped for o in printed),
            list(dict.fromkeys(n for o in printed for n in o.notes)),
        )

    return Rule(first.check_id, family, first.description, subjects, run)


# What a description may name (`_describe`), for a message about one that names another.
PLACEHOLDERS = (
    "{short[key]} {count[key]} {label[key]} {section[key]} {core} {n} {population} "
    "{population_target}"
)


def _check_placeholders(check: SubjectCheck, key: str, text: str) -> None:
    """A text staff read names only the placeholders `_describe` fills: a typo would stop
    every command that describes the rules, far from the declaration."""
    try:
        _describe(text)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        problem = (
            f"{{{exc.args[0]}}} is no placeholder the rules fill"
            if isinstance(exc, KeyError)
            else f"a placeholder is not written right ({exc})"
        )
        raise ProfileError(
            f"{check.where}.{key}: {problem} (they are {PLACEHOLDERS}; "
            "a brace itself is written {{ or }})"
        ) from exc


# The parameters that list columns of the subject; `where` names them by its keys, `series`
# names one; any other parameter is a text.
COLUMN_LISTS = ("group_by", "row_keys", "columns", "scope", "entry")


def _check_param_types(check: SubjectCheck, params: Mapping[str, object]) -> None:
    """Lists of column names, a table of column = value, a text: as each key wants."""
    for key, value in params.items():
        if key in COLUMN_LISTS:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            wanted = "a list of column names"
        elif key == "where":
            ok = isinstance(value, Mapping) and all(isinstance(k, str) for k in value)
            wanted = "a table of column = value"
        else:
            ok, wanted = isinstance(value, str), "a text"
        if not ok:
            raise ProfileError(f"{check.where}.{key}: {value!r} is not {wanted}")


def _named_columns(params: Mapping[str, object]) -> list[str]:
    """The subject's columns a check's parameters name."""
    named = [c for key in COLUMN_LISTS for c in params.get(key, [])]  # type: ignore[attr-defined]
    named += list(params.get("where") or {})  # type: ignore[call-overload]
    return named + ([str(params["series"])] if "series" in params else [])


def rules(profile: Profile | None = None) -> tuple[Rule, ...]:
    """Every rule of a run under `profile` (the run's when None): the template's (RULES),
    the checks its profile declares on its subject relations and its KPI quotients."""
    profile = profile or current_profile()
    by_id: dict[str, list[SubjectCheck]] = {}
    for subject in profile.subjects:
        for check in subject.checks:
            by_id.setdefault(check.check_id, []).append(check)
    declared = tuple(_subject_rule(checks) for checks in by_id.values())
    for quotient in profile.document.kpi_quotients:
        _check_money_units(quotient, profile.path)
    # The KPI quotients the profile declares: their descriptions are plain text, no template.
    declared += tuple(
        _rule(
            q.check_id,
            RATIOS,
            q.description.replace("{", "{{").replace("}", "}}"),
            ("fact_kpi",),
            functools.partial(ratios.check_kpi_quotient, quotient=q),
        )
        for q in profile.document.kpi_quotients
    )
    ids = [r.check_id for r in RULES + declared]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        quotient = twice[0] in {q.check_id for q in profile.document.kpi_quotients}
        where = profile.path if quotient else profile.subjects_path
        raise ProfileError(f"{where}: check id {twice[0]!r} is used twice")
    return RULES + declared


def _check_money_units(quotient: KpiQuotient, path: object) -> None:
    """A term declared in yen is in a unit the quotient converts: another (十万円) would be
    read as 1 yen, and every quotient found wrong."""
    for name in QUOTIENT_TERMS:
        unit = getattr(quotient, name).unit
        if unit.endswith("円") and unit not in ratios.YEN_PER_UNIT:
            raise ProfileError(
                f"{path}: kpi quotient {quotient.check_id}.{name}.unit: {unit!r} is no money "
                f'unit the rules convert ({", ".join(ratios.YEN_PER_UNIT)}, or "money" for any)'
            )


def run_checks(frames: Frames) -> list[CheckOutcome]:
    return [rule.run(frames) for rule in rules()]

"""A profile's KPI declarations: what the progress review needs beyond what the document
prints — which official statistic measures a KPI, the better direction where the target
equals the baseline, the first year of a KPI printed without a baseline, statistics shown
beside a KPI, and (optionally) the grade thresholds.

They are declared in a file of the profile's folder that `profile.toml` names
(`[kpi] declarations = "kpi.toml"`; see `profiles/yamagata_2nd/kpi.toml` for every key).
KPIs are named by their indicator_key (fact_kpi.indicator_key), official statistics by
their dataset id (`sources/govstats/datasets.py`): a mapping is only as good as the
statistics a refresh has for the profile's municipalities, which offline are the
snapshots `sources/manifest.json` lists. A profile that declares no grades is graded on
the warehouse's default scale (`warehouse/seeds/kpi_grades.toml`). Anything wrong raises
`ProfileError` with one line naming the file and the key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sources.profile_reader import Reader, read_toml

DIRECTIONS = ("increase", "decrease")
RELATED_ROLES = ("related", "baseline_reproduction")
SEXES = ("total", "male", "female")
# progress: graded on the achievement rate; maintain_*: KPIs whose target is the baseline.
GRADE_SCALES = ("progress", "maintain_met", "maintain_missed")
_YEARS = range(1900, 2200)


@dataclass(frozen=True)
class KpiRule:
    """What the printed baseline and target cannot say about one KPI."""

    indicator_key: str
    direction: str  # increase / decrease: which way is better when target = baseline
    first_year: int | None  # first year an actual may describe, for a KPI without baseline
    note: str | None


@dataclass(frozen=True)
class ActualSource:
    """An official statistic that measures a KPI: sum(numerator) / sum(denominator) * scale
    over the profile's municipalities (all of them required)."""

    indicator_key: str
    dataset_id: str
    priority: int  # 1 = preferred when several datasets measure the KPI
    measure_definition: str
    computation: str
    numerator_measure: str
    denominator_measure: str | None
    sex: str | None
    reference_years: tuple[int, ...] | None
    scale: int | float
    unit: str | None
    comparability_note: str | None
    source_label: str


@dataclass(frozen=True)
class RelatedSeries:
    """Official statistics shown beside a KPI (related) or recomputing its baseline
    (baseline_reproduction), one declaration for several editions of a dataset."""

    indicator_key: str
    datasets: tuple[str, ...]
    measure: str
    role: str
    series_label: str
    definition: str
    difference_note: str


@dataclass(frozen=True)
class Grade:
    grade: str
    min_achievement: int | float | None  # inclusive; None: the lowest progress grade
    label: str
    applies_to: str  # one of GRADE_SCALES


@dataclass(frozen=True)
class KpiDeclarations:
    path: Path | None  # the file declaring them; None when the profile declares none
    rules: tuple[KpiRule, ...] = ()
    actual_sources: tuple[ActualSource, ...] = ()
    related: tuple[RelatedSeries, ...] = ()
    grades: tuple[Grade, ...] = ()  # empty: the warehouse's default scale

    @property
    def dataset_ids(self) -> tuple[str, ...]:
        """Every official dataset the declarations name, in order of first mention."""
        named = [s.dataset_id for s in self.actual_sources]
        named += [d for r in self.related for d in r.datasets]
        return tuple(dict.fromkeys(named))


def _one_of(r: Reader, key: str, allowed: tuple[str, ...], default: Any = ...) -> Any:
    value = r.text(key, default)
    if value is not None and value not in allowed:
        r.fail(f"{r.where}.{key}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _year(r: Reader, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in _YEARS:
        r.fail(f"{r.where}.{key}: {value!r} is not a year (西暦)")
    return value


def _rule(r: Reader) -> KpiRule:
    r.only("indicator_key", "direction", "first_year", "note")
    first = r.get("first_year", int, None)
    return KpiRule(
        indicator_key=r.text("indicator_key"),
        direction=_one_of(r, "direction", DIRECTIONS),
        first_year=None if first is None else _year(r, "first_year", first),
        note=r.text("note", None),
    )


def _actual_source(r: Reader) -> ActualSource:
    fields = ActualSource.__dataclass_fields__
    r.only(*fields)
    priority = r.get("priority", int)
    if priority < 1:
        r.fail(f"{r.where}.priority: must be at least 1")
    years = r.get("reference_years", list, None)
    scale = r.number("scale")
    if scale == 0:
        r.fail(f"{r.where}.scale: must not be 0")
    return ActualSource(
        indicator_key=r.text("indicator_key"),
        dataset_id=r.text("dataset_id"),
        priority=priority,
        measure_definition=r.text("measure_definition"),
        computation=r.text("computation"),
        numerator_measure=r.text("numerator_measure"),
        denominator_measure=r.text("denominator_measure", None),
        sex=_one_of(r, "sex", SEXES, None),
        reference_years=None
        if years is None
        else tuple(_year(r, "reference_years", y) for y in years),
        scale=scale,
        unit=r.text("unit", None),
        comparability_note=r.text("comparability_note", None),
        source_label=r.text("source_label"),
    )


def _related(r: Reader) -> RelatedSeries:
    r.only(*RelatedSeries.__dataclass_fields__)
    datasets = r.get("datasets", list)
    if not datasets or not all(isinstance(d, str) and d.strip() for d in datasets):
        r.fail(f"{r.where}.datasets: must list at least one dataset id")
    return RelatedSeries(
        indicator_key=r.text("indicator_key"),
        datasets=tuple(datasets),
        measure=r.text("measure"),
        role=_one_of(r, "role", RELATED_ROLES),
        series_label=r.text("series_label"),
        definition=r.text("definition"),
        difference_note=r.text("difference_note"),
    )


def _grade(r: Reader) -> Grade:
    r.only(*Grade.__dataclass_fields__)
    return Grade(
        r.text("grade"),
        r.number("min_achievement", None),
        r.text("label"),
        _one_of(r, "applies_to", GRADE_SCALES),
    )


def _check_grades(top: Reader, grades: tuple[Grade, ...]) -> None:
    """A scale that grades every KPI exactly once: progress grades from the highest minimum
    down to one without a minimum, and one grade each for maintained and missed."""
    if not grades:
        return
    progress = [g for g in grades if g.applies_to == "progress"]
    minimums = [g.min_achievement for g in progress]
    if not progress or minimums[-1] is not None or None in minimums[:-1]:
        top.fail("[[grade]]: the progress grades must end with one grade without min_achievement")
    if minimums[:-1] != sorted(set(minimums[:-1]), reverse=True):
        top.fail("[[grade]]: progress grades must be given from the highest min_achievement down")
    for scale in GRADE_SCALES[1:]:
        given = [g for g in grades if g.applies_to == scale]
        if len(given) != 1 or given[0].min_achievement is not None:
            top.fail(f"[[grade]]: {scale} needs exactly one grade, without min_achievement")
    _unique(top, "grade", ((g.grade, g.applies_to) for g in grades))


def _unique(top: Reader, what: str, keys: Iterable[tuple]) -> None:
    seen: set[tuple] = set()
    for key in keys:
        if key in seen:
            top.fail(f"[[{what}]]: {' / '.join(map(str, key))} is declared twice")
        seen.add(key)


def _rows(top: Reader, key: str, read: Any) -> tuple:
    items = top.child(key, list, [])
    return tuple(read(Reader(top.path, f"[[{key}]] #{i}", item)) for i, item in enumerate(items, 1))


def read_grades(path: Path) -> tuple[Grade, ...]:
    """The [[grade]] scale declared in the TOML file at `path` (checked as a whole)."""
    top = Reader(path, "the file", read_toml(path))
    top.only("grade")
    grades = _rows(top, "grade", _grade)
    if not grades:
        top.fail("[[grade]]: no grade is declared")
    _check_grades(top, grades)
    return grades


def read_kpi(profile_dir: Path, declared: Reader | None) -> KpiDeclarations:
    """The declarations of the file a profile's `[kpi]` table names (relative to the
    profile's folder); none when the profile has no `[kpi]` table."""
    if declared is None:
        return KpiDeclarations(path=None)
    declared.only("declarations")
    path = declared.declared_file("declarations", profile_dir)
    top = Reader(path, "the file", read_toml(path))
    top.only("rule", "actual_source", "related", "grade")
    kpi = KpiDeclarations(
        path=path,
        rules=_rows(top, "rule", _rule),
        actual_sources=_rows(top, "actual_source", _actual_source),
        related=_rows(top, "related", _related),
        grades=_rows(top, "grade", _grade),
    )
    _unique(top, "rule", ((r.indicator_key,) for r in kpi.rules))
    _unique(top, "actual_source", ((s.indicator_key, s.dataset_id) for s in kpi.actual_sources))
    _unique(
        top, "related", ((r.indicator_key, d, r.measure) for r in kpi.related for d in r.datasets)
    )
    _check_grades(top, kpi.grades)
    return kpi

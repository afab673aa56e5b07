"""The check families: every rule and finding belongs to one, and this is the one list of
them (in the order the review report presents them). Rules, the report and the command
summaries refer to these names; none spells a family itself."""

from __future__ import annotations

from collections.abc import Iterable

from sources.profile import current_profile

ROW_SUMS = "row_sums"
RATIOS = "ratios"
KPI_CONSISTENCY = "kpi_consistency"
CROSS_TABLE = "cross_table"
PARTICIPATION = "participation"
NAMES = "names"
CROSS_SOURCE = "cross_source"
TEXT = "text"

# Each family once, in report order: the review report's heading for it (what it compares;
# {kpi}, {projects}, {matrix}: the profile's labels of those sections, `family_title`) and
# its name in English messages. Its short Japanese name is the warehouse's reference data
# (warehouse/seeds/value_labels_ja.csv, kind `family`), which the warehouse's views show.
FAMILY_WORDS: dict[str, tuple[str, str]] = {
    ROW_SUMS: ("1. 合計（行・列の和）", "row and column sums"),
    RATIOS: ("2. 比率・構成比", "ratios"),
    KPI_CONSISTENCY: ("3. 成果指標（KPI）の {kpi} と {matrix} の整合", "KPIs ({kpi} vs {matrix})"),
    CROSS_TABLE: ("4. 表と表の整合", "across tables"),
    PARTICIPATION: (
        "5. 連携事業の参加市町・事業名（{projects} と {matrix}）",
        "project participation",
    ),
    NAMES: ("6. 市町名・リストの重複", "names and lists"),
    CROSS_SOURCE: ("7. 公的統計（国勢調査・社人研推計）との照合", "official statistics"),
    TEXT: (
        "8. 表記・構成（用語、正式名称、目次、番号、掲載市町、複写）",
        "wording and structure",
    ),
}
FAMILIES: tuple[str, ...] = tuple(FAMILY_WORDS)


def section_labels(*keys: str) -> tuple[str, ...]:
    """The run's profile's labels of the template sections `keys`, as the rules' rows name
    where they are printed. Read when a rule runs, not at import: the warehouse tags the
    rows with the profile of its run, and labels frozen at import would silently match
    nothing after a switch."""
    profile = current_profile()
    return tuple(profile.section(key).label for key in keys)


def _section_labels() -> dict[str, str]:
    return {key: section.label for key, section in current_profile().sections.items()}


def family_title(family: str) -> str:
    """The report's heading for a family, with the run's profile's section labels."""
    title = FAMILY_WORDS[family][0] if family in FAMILY_WORDS else family
    return title.format(**_section_labels())


def english_family_name(family: str) -> str:
    """A family's name in English messages, with the profile's section labels."""
    name = FAMILY_WORDS[family][1] if family in FAMILY_WORDS else family
    return name.format(**_section_labels())


def in_family_order(families: Iterable[str]) -> list[str]:
    """The distinct families given, in FAMILIES order; any other name last, sorted."""
    seen = set(families)
    return [f for f in FAMILIES if f in seen] + sorted(seen - set(FAMILIES))

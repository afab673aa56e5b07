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

# What each family compares, as the review report's heading for it; in report order.
# {kpi}, {projects}, {matrix}: the profile's labels of those sections (`family_title`).
FAMILY_TITLES: dict[str, str] = {
    ROW_SUMS: "1. 合計（行・列の和）",
    RATIOS: "2. 比率・構成比",
    KPI_CONSISTENCY: "3. 成果指標（KPI）の {kpi} と {matrix} の整合",
    CROSS_TABLE: "4. 表と表の整合",
    PARTICIPATION: "5. 連携事業の参加市町・事業名（{projects} と {matrix}）",
    NAMES: "6. 市町名・リストの重複",
    CROSS_SOURCE: "7. 公的統計（国勢調査・社人研推計）との照合",
    TEXT: "8. 表記・構成（用語、正式名称、目次、番号、掲載市町、複写）",
}
FAMILIES: tuple[str, ...] = tuple(FAMILY_TITLES)


def family_title(family: str) -> str:
    """The report's heading for a family, with the run's profile's section labels."""
    labels = {key: section.label for key, section in current_profile().sections.items()}
    return FAMILY_TITLES.get(family, family).format(**labels)


def in_family_order(families: Iterable[str]) -> list[str]:
    """The distinct families given, in FAMILIES order; any other name last, sorted."""
    seen = set(families)
    return [f for f in FAMILIES if f in seen] + sorted(seen - set(FAMILIES))

"""The findings of one revision: every rule of `expectations/` run once per refresh.

The asset reports each rule's outcome as its asset check (`checks.py`) in the same step,
and the warehouse loads it as the `check_result` and `finding` tables, so no rule runs
twice.
"""

from collections.abc import Iterator

import dagster as dg
import pandas as pd

from expectations.document_text import DOCUMENT_TEXT
from expectations.findings import CheckOutcome
from expectations.registry import run_checks
from pipeline.defs.statistics.assets import LOADED_DATASETS
from pipeline.defs.vision.checks import (
    CHECK_SPECS,
    DEPLOYMENT_RULES,
    FINDINGS_KEY,
    check_results,
)
from pipeline.partitions import VISION_PARTITIONS, area_step
from warehouse.official import OfficialRelease, official_frames

# The statistics every rule may compare with: those the warehouse loads, and any other a
# cross-source rule names.
CHECKED_DATASETS = tuple(
    dict.fromkeys([*LOADED_DATASETS, *(d for rule in DEPLOYMENT_RULES for d in rule.official)])
)


@dg.asset(
    key=FINDINGS_KEY,
    group_name="vision",
    kinds={"pandas"},
    partitions_def=VISION_PARTITIONS,
    ins={
        "vision_facts": dg.AssetIn(key=["vision", "facts"]),
        "vision_text": dg.AssetIn(key=["vision", "text"]),
    }
    | {f"official_{d}": dg.AssetIn(key=["statistics", d]) for d in CHECKED_DATASETS},
    check_specs=CHECK_SPECS,
)
@area_step
def vision_findings(
    context: dg.AssetExecutionContext,
    vision_facts: dict[str, pd.DataFrame],
    vision_text: pd.DataFrame,
    **officials: OfficialRelease,
) -> Iterator[dg.Output[list[CheckOutcome]] | dg.AssetCheckResult]:
    """What each rule found in this revision's facts and text, compared with the official
    statistics: one outcome per rule, in the registry's order. The rules' verdicts (and
    whether they block the load) are the asset checks of this asset, reported here."""
    releases = [officials[f"official_{d}"] for d in CHECKED_DATASETS]
    frames = dict(vision_facts) | {DOCUMENT_TEXT: vision_text} | official_frames(releases)
    outcomes = run_checks(frames)
    yield dg.Output(
        outcomes,
        metadata={
            "rules": len(outcomes),
            "findings": sum(len(o.findings) for o in outcomes),
            "data_errors": sum(len(o.data_errors) for o in outcomes),
        },
    )
    yield from check_results(outcomes)

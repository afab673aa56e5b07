"""The findings of one revision: every rule of `expectations/` run once per refresh.

The asset checks report each rule's outcome from this asset, and the warehouse loads it as
the `check_result` and `finding` tables, so no rule runs twice.
"""

import dagster as dg
import pandas as pd

from expectations.document_text import DOCUMENT_TEXT
from expectations.findings import CheckOutcome
from expectations.registry import RULES, run_checks
from pipeline.defs.statistics.assets import LOADED_DATASETS
from pipeline.partitions import VISION_PARTITIONS, area_step
from warehouse.official import OfficialRelease, official_frames

# The statistics every rule may compare with: those the warehouse loads, and any other a
# cross-source rule names.
CHECKED_DATASETS = tuple(
    dict.fromkeys([*LOADED_DATASETS, *(d for rule in RULES for d in rule.official)])
)


@dg.asset(
    key=["vision", "findings"],
    group_name="vision",
    kinds={"pandas"},
    partitions_def=VISION_PARTITIONS,
    ins={
        "vision_facts": dg.AssetIn(key=["vision", "facts"]),
        "vision_text": dg.AssetIn(key=["vision", "text"]),
    }
    | {f"official_{d}": dg.AssetIn(key=["statistics", d]) for d in CHECKED_DATASETS},
)
@area_step
def vision_findings(
    context: dg.AssetExecutionContext,
    vision_facts: dict[str, pd.DataFrame],
    vision_text: pd.DataFrame,
    **officials: OfficialRelease,
) -> list[CheckOutcome]:
    """What each rule found in this revision's facts and text, compared with the official
    statistics: one outcome per rule, in the registry's order. The rules' verdicts (and
    whether they block the load) are the asset checks of this asset."""
    releases = [officials[f"official_{d}"] for d in CHECKED_DATASETS]
    frames = dict(vision_facts) | {DOCUMENT_TEXT: vision_text} | official_frames(releases)
    outcomes = run_checks(frames)
    context.add_output_metadata(
        {
            "rules": len(outcomes),
            "findings": sum(len(o.findings) for o in outcomes),
            "data_errors": sum(len(o.data_errors) for o in outcomes),
        }
    )
    return outcomes

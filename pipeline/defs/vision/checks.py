"""Each data-quality rule of `expectations/` as a Dagster asset check on `vision/facts`.

The document's own inconsistencies fail the check with severity WARN: staff must see them,
but they never block the load. Missing or unparsable data fails it with ERROR, and since
the checks are blocking, the warehouse is not rebuilt from such data.
"""

import dagster as dg
import pandas as pd

from expectations.findings import CheckOutcome
from expectations.registry import RULES, Rule
from pipeline.defs.vision.assets import vision_facts

MAX_FINDINGS_IN_METADATA = 20


def check_result(outcome: CheckOutcome) -> dg.AssetCheckResult:
    """Map a rule's outcome to a Dagster result: ERROR for data errors, WARN for findings."""
    severity = dg.AssetCheckSeverity.ERROR if outcome.data_errors else dg.AssetCheckSeverity.WARN
    first = [f.to_dict() for f in outcome.findings[:MAX_FINDINGS_IN_METADATA]]
    return dg.AssetCheckResult(
        passed=outcome.passed,
        severity=severity,
        metadata={
            "family": outcome.family,
            "compared": outcome.compared,
            "findings": len(outcome.findings),
            "skipped": outcome.skipped,
            "data_errors": dg.MetadataValue.json(outcome.data_errors),
            "first_findings": dg.MetadataValue.json(first),
        },
    )


def _asset_check(rule: Rule) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=vision_facts,
        name=rule.check_id,
        description=f"[{rule.family}] {rule.description}",
        blocking=True,
    )
    def _check(facts: dict[str, pd.DataFrame]) -> dg.AssetCheckResult:
        return check_result(rule.run(facts))

    return _check


defs = dg.Definitions(asset_checks=[_asset_check(rule) for rule in RULES])

"""Each data-quality rule of `expectations/` as a Dagster asset check on `vision/findings`,
reporting the outcome that asset computed for it (the rules run once per refresh).

The document's own inconsistencies fail the check with severity WARN: staff must see them,
but they never block the load, and the result's description reads as a finding with its
count (指摘 5 件（誤り 2・注意 3）). Missing or unparsable data fails it with ERROR, and since
the checks are blocking and the warehouse reads `vision/findings`, the warehouse is not
rebuilt from such data. Descriptions are in Japanese, like the document, and name the
rule's id.
"""

import dagster as dg

from expectations.findings import CheckOutcome, Severity
from expectations.registry import RULES, Rule
from pipeline.defs.vision.findings import vision_findings
from pipeline.messages import family_name
from pipeline.partitions import VISION_PARTITIONS

MAX_FINDINGS_IN_METADATA = 20


def result_description(outcome: CheckOutcome, errors: int, warnings: int) -> str:
    """What the check found, in one Japanese sentence with its counts."""
    if outcome.data_errors:
        return "データ不足（取込を止めました）: " + "; ".join(outcome.data_errors)
    if outcome.findings:
        return (
            f"文書の指摘 {len(outcome.findings)} 件（誤り {errors}・注意 {warnings}）、"
            f"比較 {outcome.compared} 件"
        )
    return f"指摘なし（比較 {outcome.compared} 件）"


def check_result(outcome: CheckOutcome) -> dg.AssetCheckResult:
    """Map a rule's outcome to a Dagster result: ERROR for data errors, WARN for findings."""
    severity = dg.AssetCheckSeverity.ERROR if outcome.data_errors else dg.AssetCheckSeverity.WARN
    first = [f.to_dict() for f in outcome.findings[:MAX_FINDINGS_IN_METADATA]]
    errors = sum(f.severity == Severity.ERROR for f in outcome.findings)
    warnings = sum(f.severity == Severity.WARNING for f in outcome.findings)
    return dg.AssetCheckResult(
        passed=outcome.passed,
        severity=severity,
        description=result_description(outcome, errors, warnings),
        metadata={
            "family": outcome.family,
            "compared": outcome.compared,
            "findings": len(outcome.findings),
            "errors": errors,
            "warnings": warnings,
            "skipped": outcome.skipped,
            "data_errors": dg.MetadataValue.json(outcome.data_errors),
            "notes": dg.MetadataValue.json(list(outcome.notes)),
            "first_findings": dg.MetadataValue.json(first),
        },
    )


def outcome_of(rule: Rule, outcomes: list[CheckOutcome]) -> CheckOutcome:
    """The rule's outcome among the findings asset's (one per rule)."""
    return next(o for o in outcomes if o.check_id == rule.check_id)


def _asset_check(rule: Rule) -> dg.AssetChecksDefinition:
    """The rule as a check on vision/findings: it reports the outcome the findings asset
    computed for it, and does not run the rule again."""

    def _check(vision_findings: list[CheckOutcome]) -> dg.AssetCheckResult:
        return check_result(outcome_of(rule, vision_findings))

    return dg.asset_check(
        asset=vision_findings,
        name=rule.check_id,
        description=f"{rule.check_id}（{family_name(rule.family, 'ja')}）: {rule.description}",
        blocking=True,
        # Partitioned like the asset it checks, so each run's check reads its own
        # revision's findings. Unpartitioned, it loads every partition materialized so
        # far (a dict once two revisions exist) and fails.
        partitions_def=VISION_PARTITIONS,
    )(_check)


defs = dg.Definitions(asset_checks=[_asset_check(rule) for rule in RULES])

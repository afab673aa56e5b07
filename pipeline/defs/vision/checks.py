"""Each data-quality rule of `expectations/` as a Dagster asset check of `vision/findings`,
reported by that asset's own step from the outcome it computed (the rules run once per
refresh, and no step of its own loads the outcomes again to pick one out).

The document's own inconsistencies fail the check with severity WARN: staff must see them,
but they never block the load, and the result's description reads as a finding with its
count (指摘 5 件（誤り 2・注意 3）). Missing or unparsable data fails it with ERROR, and since
the checks are blocking and the warehouse reads `vision/findings`, the warehouse is not
rebuilt from such data. Descriptions are in Japanese, like the document, and name the
rule's id.
"""

import warnings
from collections.abc import Iterator

import dagster as dg

from expectations.findings import CheckOutcome, Severity
from expectations.registry import Rule, rules
from pipeline.messages import family_name
from pipeline.partitions import AREAS, VISION_PARTITIONS
from sources.areas import area_scope
from sources.profile import load_profile

FINDINGS_KEY = dg.AssetKey(["vision", "findings"])

# Partitioned asset checks are a preview feature the pipeline relies on deliberately (see
# check_spec). Said here, where they are declared: Dagster's loader of the defs folder
# hides it, but `vision refresh` imports this module before building the definitions.
warnings.filterwarnings(
    "ignore",
    message="Specifying a partitions_def on an AssetCheckSpec",
    category=dg.PreviewWarning,
)

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
    if not outcome.compared:
        # nothing to compare in this document (or no statistics of its members): say why
        return "照合していない" + (f"（{outcome.notes[0]}）" if outcome.notes else "")
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
        check_name=outcome.check_id,
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


def check_spec(rule: Rule) -> dg.AssetCheckSpec:
    """The rule as a blocking check of vision/findings: an ERROR (data the rule needs is
    missing) stops the warehouse from being rebuilt; findings are WARN."""
    return dg.AssetCheckSpec(
        name=rule.check_id,
        asset=FINDINGS_KEY,
        description=f"{rule.check_id}（{family_name(rule.family, 'ja')}）: {rule.description}",
        blocking=True,
        # Partitioned like the asset, so each evaluation says which edition (and area) it
        # checked; without it the UI shows the latest result with no partition.
        partitions_def=VISION_PARTITIONS,
    )


def deployment_rules() -> tuple[Rule, ...]:
    """The rules of every area of the deployment (each profile's subject checks besides
    the template's rules), each once, in the order first met."""
    areas = AREAS or (None,)
    found: dict[str, Rule] = {}
    for area in areas:
        with area_scope(area):
            for rule in rules(load_profile()):
                found.setdefault(rule.check_id, rule)
    return tuple(found.values())


# A check of another area's profile, in a run of an area whose profile declares no such check.
NOT_THIS_AREA = "この地域のプロファイルにない照合のため照合していない"


def check_results(outcomes: list[CheckOutcome]) -> Iterator[dg.AssetCheckResult]:
    """One result per check of the deployment, in its order, from the rules' outcomes (a
    check of another area's profile passes, saying it was not run here)."""
    by_id = {outcome.check_id: outcome for outcome in outcomes}
    for rule in DEPLOYMENT_RULES:
        outcome = by_id.get(rule.check_id)
        if outcome is None:
            outcome = CheckOutcome(rule.check_id, rule.family, 0, [], notes=[NOT_THIS_AREA])
        yield check_result(outcome)


DEPLOYMENT_RULES = deployment_rules()
CHECK_SPECS = [check_spec(rule) for rule in DEPLOYMENT_RULES]

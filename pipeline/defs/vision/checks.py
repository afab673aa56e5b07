"""Each data-quality rule of `expectations/` as a Dagster asset check on `vision/facts`.

The document's own inconsistencies fail the check with severity WARN: staff must see them,
but they never block the load, and the result's description reads as a finding with its
count (指摘 5 件（誤り 2・注意 3）). Missing or unparsable data fails it with ERROR, and since
the checks are blocking, the warehouse is not rebuilt from such data. Descriptions are in
Japanese, like the document, and name the rule's id.
"""

import inspect

import dagster as dg
import pandas as pd

from expectations.document_text import DOCUMENT_TEXT
from expectations.findings import CheckOutcome, Severity
from expectations.registry import RULES, Rule
from pipeline.defs.vision.assets import vision_facts
from pipeline.messages import family_name
from pipeline.partitions import VISION_REVISIONS
from warehouse.official import OfficialRelease, official_frames

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


def _asset_check(rule: Rule) -> dg.AssetChecksDefinition:
    """The rule as a check on vision/facts; a cross-source rule also reads the official
    statistics assets it compares with (one extra input per dataset)."""
    official_ins = {
        f"official_{dataset}": dg.AssetIn(key=["statistics", dataset]) for dataset in rule.official
    }
    # The text rules (family 8) also read the document's text, asset vision/text.
    text_ins = (
        {DOCUMENT_TEXT: dg.AssetIn(key=["vision", "text"])}
        if (DOCUMENT_TEXT in rule.inputs)
        else {}
    )
    extra_ins = official_ins | text_ins

    names = ["facts", *extra_ins]

    def _check(*args: object, **kwargs: object) -> dg.AssetCheckResult:
        values = dict(zip(names, args, strict=False)) | kwargs
        facts: dict[str, pd.DataFrame] = values.pop("facts")  # type: ignore[assignment]
        text = {k: values.pop(k) for k in list(values) if k == DOCUMENT_TEXT}
        releases: list[OfficialRelease] = list(values.values())  # type: ignore[arg-type]
        return check_result(rule.run(dict(facts) | text | official_frames(releases)))

    # Dagster maps inputs by parameter name, so spell the extra inputs out in the signature.
    parameters = [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in names
    ]
    _check.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return dg.asset_check(
        asset=vision_facts,
        name=rule.check_id,
        description=f"{rule.check_id}（{family_name(rule.family, 'ja')}）: {rule.description}",
        blocking=True,
        additional_ins=extra_ins,
        # Partitioned like the asset it checks, so each run's check reads its own
        # revision's facts and statistics. Unpartitioned, it loads every partition
        # materialized so far (a dict once two revisions exist) and fails.
        partitions_def=VISION_REVISIONS,
    )(_check)


defs = dg.Definitions(asset_checks=[_asset_check(rule) for rule in RULES])

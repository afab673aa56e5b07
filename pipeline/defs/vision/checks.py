"""Each data-quality rule of `expectations/` as a Dagster asset check on `vision/facts`.

The document's own inconsistencies fail the check with severity WARN: staff must see them,
but they never block the load. Missing or unparsable data fails it with ERROR, and since
the checks are blocking, the warehouse is not rebuilt from such data.
"""

import inspect

import dagster as dg
import pandas as pd

from expectations.document_text import DOCUMENT_TEXT
from expectations.findings import CheckOutcome
from expectations.registry import RULES, Rule
from pipeline.defs.vision.assets import vision_facts
from warehouse.official import OfficialRelease, official_frames

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
        description=f"[{rule.family}] {rule.description}",
        blocking=True,
        additional_ins=extra_ins,
    )(_check)


defs = dg.Definitions(asset_checks=[_asset_check(rule) for rule in RULES])

"""Assets of the official statistics the vision quotes: one per dataset, fetched live from
e-Stat when ESTAT_APP_ID is set and the network answers, else read from the snapshot
shipped in `sources/data/govstats/` — the metadata says which, and why."""

import dagster as dg

from pipeline.partitions import VISION_PARTITIONS, area_step
from sources.govstats.datasets import DATASETS
from sources.govstats.fetch import fetch_or_snapshot
from sources.profile import current_profile
from warehouse.official import OfficialRelease, official_release

# Partitioned by vision revision like every other asset, so one run loads a revision
# together with the statistics it is checked against (and Dagster can run the whole graph
# for one partition). Releases are deduplicated by content hash in the warehouse.
# Tag the e-Stat sensor puts on the runs it starts for a new release.
RELEASE_TAG = "estat/stats_data_id"
# Datasets with data to load (the migration report has no verified table or snapshot yet).
LOADED_DATASETS = (
    "census2020_final",
    "census2020_preliminary",
    "ipss2023_projections",
    "census2025_final",
    "census2025_preliminary",
    "ssdse_a_2024",
    "ssdse_a_2025",
    "ssdse_a_2026",
)


def _statistic_asset(dataset_id: str) -> dg.AssetsDefinition:
    spec = DATASETS[dataset_id]

    @dg.asset(
        key=["statistics", dataset_id],
        group_name="statistics",
        kinds={"pandas"},
        description=f"{spec.title} ({spec.release}).",
        partitions_def=VISION_PARTITIONS,
    )
    @area_step
    def _asset(context: dg.AssetExecutionContext) -> dg.Output[OfficialRelease]:
        # The area's members, named now: the readers' default was fixed at import.
        frame, outcome = fetch_or_snapshot(
            dataset_id, area_prefix=current_profile().region.area_prefix
        )
        if outcome.mode != "live":
            if context.run.tags.get(RELEASE_TAG):
                # The e-Stat sensor started this run for a new release: loading the old
                # snapshot instead would record "nothing new" as if it had been checked.
                raise dg.Failure(
                    f"{dataset_id}: run started for a new e-Stat release "
                    f"({RELEASE_TAG}={context.run.tags[RELEASE_TAG]}) but the live fetch "
                    f"failed: {outcome.summary}"
                )
            context.log.info(f"{dataset_id}: {outcome.summary}")
        release = official_release(dataset_id, frame, outcome)
        return dg.Output(
            release,
            data_version=dg.DataVersion(outcome.content_hash),
            metadata={
                "fetched": outcome.summary,
                "release_id": release.release["release_id"].iloc[0],
                "release_date": outcome.release_date or "",
                "rows": len(release.facts),
            },
        )

    return _asset


statistic_assets = [_statistic_asset(d) for d in LOADED_DATASETS]

defs = dg.Definitions(assets=statistic_assets)

"""Official statistics behind the vision: readers for the shipped snapshots, and live refresh.

Why this package exists: the vision quotes the census and the IPSS projections, and its
KPIs are measured by official statistics. Every frame produced here is *long* (one value
per row) and carries its provenance — which manifest snapshot or live table it came from,
the publisher, the table id, the release (速報 preliminary / 確定 final / projection) and
the release date — so a cross-check can always compare like with like (a municipality's
2020 preliminary count differs from its final one).

Offline is the normal case: without `ESTAT_APP_ID` or without network, `fetch_or_snapshot`
returns the shipped snapshot and says why, so a refresh summary can report it.

Modules: `provenance` (releases, snapshot checks, provenance columns), `census2020` (the
census CSV and API tables), `ipss` (projections), `hashing` (content hash of a frame),
`datasets` (what the refresh knows, live and shipped), `fetch` (live or snapshot).
"""

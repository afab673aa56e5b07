"""Profiles: one declared description per document family (`<name>/profile.toml`).

Data only; `sources.profile.load_profile` reads and checks them. The folder is a package
so the profiles are installed with the code (package data) and found by
`importlib.resources`.
"""

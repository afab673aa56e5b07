"""Repository-wide test setup: nothing a test does may write into the working tree."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _isolated_revision_store(tmp_path_factory: pytest.TempPathFactory):
    """PDF revisions registered by refresh tests go to a temporary store, not .dagster/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VISION_REVISION_STORE", str(tmp_path_factory.mktemp("revisions")))
        yield

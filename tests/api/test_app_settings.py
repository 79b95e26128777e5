"""``MNPIA_*`` settings of the API and CORS on the real server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from api.settings import SettingsError, settings_from_env


def test_settings_from_env_reads_the_api_variables() -> None:
    settings = settings_from_env(
        {
            "MNPIA_STORE": "/srv/store",
            "MNPIA_SPARQL_TIMEOUT_S": "2.5",
            "MNPIA_SPARQL_MAX_ROWS": "7",
            "MNPIA_SPARQL_MAX_QUERY_BYTES": "100",
            "MNPIA_CORS_ORIGINS": "http://a.example, http://b.example",
        }
    )
    assert settings.store == Path("/srv/store")
    assert settings.sparql_timeout_s == 2.5
    assert settings.sparql_max_rows == 7
    assert settings.sparql_max_query_bytes == 100
    assert settings.cors_origins == ("http://a.example", "http://b.example")


def test_settings_defaults() -> None:
    settings = settings_from_env({"XDG_DATA_HOME": "/d"})
    assert settings.store == Path("/d/mnpia/store")
    assert settings.sparql_timeout_s > 0
    assert settings.sparql_max_rows > 0
    assert settings.cors_origins == ()


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_bad_numbers_are_refused(value: str) -> None:
    with pytest.raises(SettingsError, match="MNPIA_SPARQL_MAX_ROWS"):
        settings_from_env({"MNPIA_SPARQL_MAX_ROWS": value})


def test_cors_allows_the_configured_origin(serve: Callable[..., str]) -> None:
    base = serve(MNPIA_CORS_ORIGINS="http://analyst.example")
    allowed = httpx.get(base + "/health", headers={"Origin": "http://analyst.example"})
    assert allowed.headers["access-control-allow-origin"] == "http://analyst.example"
    other = httpx.get(base + "/health", headers={"Origin": "http://other.example"})
    assert "access-control-allow-origin" not in other.headers

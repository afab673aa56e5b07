"""Reading a profile's TOML files: typed access to one table that names the file and the
key in every error, so anything wrong with a profile is one line (`ProfileError`)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, NoReturn

import regex

from sources.input_limits import InputRefused, LimitSettingError, read_input


class ProfileError(ValueError):
    """A profile that cannot be read: unknown, not TOML, or a key missing or wrong."""


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML file at `path`, or ProfileError naming it and why it cannot be read."""
    try:
        data = read_input(path, "a profile (TOML file)", "profile_max_kb")
        return tomllib.loads(data.decode("utf-8-sig"))  # a BOM (Notepad) is no TOML
    except OSError as err:
        raise ProfileError(f"{path}: cannot be read ({err.strerror or err})") from None
    except (InputRefused, LimitSettingError) as err:  # a FIFO, a device, far too large
        raise ProfileError(str(err)) from None
    except UnicodeDecodeError:
        raise ProfileError(f"{path}: not UTF-8 text (save the file as UTF-8)") from None
    except tomllib.TOMLDecodeError as err:
        raise ProfileError(f"{path}: not valid TOML ({err})") from None
    except RecursionError:
        raise ProfileError(
            f"{path}: nested too deeply to be a profile (arrays or tables inside one "
            "another thousands of times); start from a shipped profile.toml"
        ) from None
    except MemoryError:
        raise ProfileError(
            f"{path}: too large to be a profile (a profile is a few kilobytes of TOML); "
            "start from a shipped profile.toml"
        ) from None


class Reader:
    """Typed access to one TOML table, naming the file and the key in every error."""

    def __init__(self, path: Path, where: str, data: Any) -> None:
        self.path, self.where = path, where
        if not isinstance(data, dict):
            self.fail(f"{where} must be a table")
        self.data: dict[str, Any] = data

    def fail(self, problem: str) -> NoReturn:
        raise ProfileError(f"{self.path}: {problem}")

    def only(self, *allowed: str) -> None:
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            self.fail(f"{self.where}: unknown key {unknown[0]!r} (known: {', '.join(allowed)})")

    def get(self, key: str, kind: type, default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                self.fail(f"{self.where}: missing required key {key!r}")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(f"{self.where}.{key}: expected {kind.__name__}, got {value!r}")
        return value

    def text(self, key: str, default: Any = ..., *, empty: bool = False) -> Any:
        value = self.get(key, str, default)
        if isinstance(value, str) and not value.strip() and not empty:
            self.fail(f"{self.where}.{key}: must not be empty")
        return value

    def pattern(self, key: str, default: Any = ...) -> Any:
        value = self.text(key, default, empty=True)
        if isinstance(value, str):
            try:  # with the engine the patterns run on (sources/profile_patterns.py)
                regex.compile(value)
            except regex.error as err:
                self.fail(f"{self.where}.{key}: not a regular expression ({err})")
        return value

    def number(self, key: str, default: Any = ...) -> Any:
        """An int or a float (TOML writes 1 and 1.0 apart; both are numbers here)."""
        value = self.data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        return self.get(key, float, default)

    def child(self, key: str, kind: type = dict, default: Any = ...) -> Any:
        return self.get(key, kind, default)

    def declared_file(self, key: str, folder: Path) -> Path:
        """The file `key` names relative to `folder` (the profile's): one test and one
        message for every file a profile declares, a folder or a missing name alike."""
        name = self.text(key)
        path = folder / name
        if not path.is_file():
            self.fail(f"{self.where}.{key}: {name!r} is no file in {folder}")
        return path

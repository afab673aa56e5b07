"""How the `vision` command fails: a message, a non-zero exit, no traceback unless asked."""

import errno

import click
import pytest
from click.testing import CliRunner

from pipeline import messages
from pipeline.cli_errors import GuardedGroup, explain


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These cases read the English wording; the Japanese one is checked on its own below."""
    monkeypatch.setattr(messages, "_language", "en")


@click.group(cls=GuardedGroup)
def cli() -> None:
    pass


@cli.command()
def boom() -> None:
    raise RuntimeError("the unforeseen\nsecond line of detail")


@cli.command()
def no_room() -> None:
    raise OSError(errno.ENOSPC, "No space left on device", "/data/out/report.md")


@cli.command()
def refused() -> None:
    raise click.ClickException("/in/a.pdf: not a PDF")


@cli.command()
def interrupted() -> None:
    raise KeyboardInterrupt


def test_an_unforeseen_error_is_one_line_and_says_how_to_see_more(monkeypatch):
    monkeypatch.delenv("VISION_DEBUG", raising=False)
    result = CliRunner().invoke(cli, ["boom"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # handled, nothing escaped
    assert result.output.splitlines() == [
        "Error: unexpected error: RuntimeError: the unforeseen",
        "run again with VISION_DEBUG=1 to see where it happened",
    ]


def test_vision_debug_lets_the_traceback_through(monkeypatch):
    monkeypatch.setenv("VISION_DEBUG", "1")
    result = CliRunner().invoke(cli, ["boom"])
    assert isinstance(result.exception, RuntimeError)


def test_an_os_error_names_the_path_and_what_to_do():
    result = CliRunner().invoke(cli, ["no-room"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: /data/out/report.md: no space left on the device; free some space and run again"
    )


@pytest.mark.parametrize(
    ("code", "says"),
    [(errno.EACCES, "permission denied"), (errno.ENOTDIR, "is a file, not a directory")],
)
def test_os_errors_get_advice(code, says):
    assert says in explain(OSError(code, "x", "/some/path"))


def test_japanese_framing_comes_from_the_messages(monkeypatch):
    monkeypatch.setattr(messages, "_language", "ja")
    result = CliRunner().invoke(cli, ["boom"])
    expected = messages.MESSAGES["error.unexpected"]["ja"].format(
        kind="RuntimeError", message="the unforeseen", env="VISION_DEBUG"
    )
    assert result.output.strip() == messages.MESSAGES["error"]["ja"].format(message=expected)
    result = CliRunner().invoke(cli, ["no-room"])
    assert messages.MESSAGES["os.ENOSPC"]["ja"] in result.output
    assert "Error" not in result.output and "space" not in result.output


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_a_command_s_own_refusal_is_framed_in_the_chosen_language(monkeypatch, lang):
    monkeypatch.setattr(messages, "_language", lang)
    result = CliRunner().invoke(cli, ["refused"])
    assert result.exit_code == 1
    assert result.output.strip() == messages.MESSAGES["error"][lang].format(
        message="/in/a.pdf: not a PDF"
    )


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_ctrl_c_says_cancelled_in_the_chosen_language(monkeypatch, lang):
    monkeypatch.setattr(messages, "_language", lang)
    result = CliRunner().invoke(cli, ["interrupted"])
    assert result.exit_code == 130
    assert result.output.strip() == messages.MESSAGES["error.cancelled"][lang]

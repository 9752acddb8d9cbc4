import click
import pytest
from click.testing import CliRunner

from competency import __version__
from competency.cli.main import cli


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


COMMANDS = list(all_commands(cli))


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help_with_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    command = dict(COMMANDS)[path]
    assert command.help and len(command.help.strip()) > 20
    if not isinstance(command, click.Group):
        assert "competency " in command.help, f"{' '.join(path)} --help shows no example"


def test_version_is_printed():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_help_examples_name_agents_teams_and_competencies_of_the_shipped_sample():
    import re
    from pathlib import Path

    from competency.io.profiles import load_profiles
    from competency.model import load_catalog

    profiles = load_profiles(Path(__file__).parents[1] / "profiles")
    catalog = load_catalog()
    agents, teams = {p.id for p in profiles}, {p.team for p in profiles}
    texts = [cli.help] + [command.help or "" for _, command in COMMANDS]
    examples = [line.strip() for text in texts for line in text.splitlines() if line.strip().startswith("competency ")]
    assert examples
    for line in examples:
        for agent in re.findall(r"(?:--agent|report idp) (?!--)(\S+)", line):
            assert agent in agents, line
        for team in re.findall(r"--team (\S+)", line):
            assert team in teams, line
        for cid in re.findall(r"catalog show (\S+)", line):
            assert cid in catalog.competencies, line

"""The deployment files say what they should: pinned dependencies that satisfy pyproject, a
non-root image with a health check, health published to localhost only, no token anywhere, the
invite's permission integer, and systemd units that systemd accepts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import discord
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot.observability.logging import TOKEN_SHAPED
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


LOCK_COMMAND = (
    "uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes "
    "-o deploy/requirements.lock"
)


def lock() -> dict[str, tuple[str, str, list[str]]]:
    """{name: (version, marker, hashes)} from deploy/requirements.lock."""
    pins: dict[str, tuple[str, str, list[str]]] = {}
    name = ""
    for line in (DEPLOY / "requirements.lock").read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("--hash=sha256:"):
            pins[name][2].append(text.removeprefix("--hash=sha256:").rstrip(" \\"))
            continue
        requirement, _, marker = text.rstrip(" \\").partition(" ; ")
        name, _, version = requirement.partition("==")
        assert name and version, f"not an exact pin: {line!r}"
        name = canonicalize_name(name)
        pins[name] = (version, marker, [])
    return pins


def test_the_lock_pins_every_runtime_dependency_within_pyproject_ranges_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = lock()
    for text in project["dependencies"]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} missing from deploy/requirements.lock"
        assert requirement.specifier.contains(pins[name][0]), f"{name}=={pins[name][0]} vs {text}"
        for extra in requirement.extras:  # psycopg[binary] needs psycopg-binary pinned too
            assert canonicalize_name(f"{requirement.name}-{extra}") in pins
    test_only = {"pytest", "hypothesis", "ruff", "pytest-asyncio", "pytest-timeout", "uv"}
    assert not test_only & set(pins), "test tools do not belong in the runtime image"
    for name, (_, _, hashes) in pins.items():
        assert hashes and all(len(h) == 64 for h in hashes), f"{name} has no sha256 hash"


def test_the_lock_serves_every_supported_python_and_says_how_it_was_made() -> None:
    text = (DEPLOY / "requirements.lock").read_text(encoding="utf-8")
    assert LOCK_COMMAND in text  # uv writes the command it was made with into the header
    assert LOCK_COMMAND in (DEPLOY / "README.md").read_text(encoding="utf-8")
    # discord.py needs audioop-lts from Python 3.13 on (audioop left the standard library).
    version, marker, _ = lock()["audioop-lts"]
    assert marker == "python_full_version >= '3.13'" and version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    classifiers = {c.rsplit(" ", 1)[-1] for c in project["classifiers"] if "Python :: 3." in c}
    assert classifiers == {"3.11", "3.12", "3.13"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Python 3.11, 3.12 and 3.13" in readme


def test_discord_py_is_held_to_the_minor_version_whose_internals_the_guild_gate_uses() -> None:
    from discord.state import AutoShardedConnectionState, ConnectionState

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (pin,) = [d for d in project["dependencies"] if d.startswith("discord.py")]
    assert Requirement(pin).specifier == Requirement("discord.py>=2.7,<2.8").specifier
    assert discord.__version__.startswith("2.7.")
    for state in (ConnectionState, AutoShardedConnectionState):  # what app._LeanStateMixin wraps
        assert callable(getattr(state, "parse_interaction_create", None))
        assert callable(getattr(state, "parse_message_create", None))


def test_every_package_is_listed_and_the_bundled_pack_ships_in_the_wheel(tmp_path: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(project["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "bot").rglob("__init__.py")
    }
    assert found | {"bot.bundled_knowledge"} == listed
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("reportbot-*.whl")
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    shipped = {p.name for p in (unpacked / "bot" / "bundled_knowledge").rglob("*") if p.is_file()}
    expected = {p.name for p in (ROOT / "knowledge").rglob("*") if p.is_file()}
    assert expected <= shipped
    # Installed that way (no source tree beside it), the bundled pack is found and validates.
    work = tmp_path / "elsewhere"
    work.mkdir()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("REPORTBOT_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "validate"],
        capture_output=True,
        text=True,
        cwd=work,
        env={**environ, "PYTHONPATH": str(unpacked), "REPORTBOT_CACHE_DIR": "off"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{unpacked / 'bot' / 'bundled_knowledge'}: OK")


def test_the_image_runs_unprivileged_pinned_and_health_checked() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.M)
    assert "pip install --no-deps -r /app/requirements.lock" in dockerfile
    user = re.findall(r"^USER (\S+)$", dockerfile, re.M)
    assert user and not user[-1].startswith(("root", "0")), "the last USER must not be root"
    assert re.search(
        r"HEALTHCHECK .*\n\s+CMD \[\"python\", \"-m\", \"bot.observability.health\"\]", dockerfile
    )
    assert "REPORTBOT_HEALTH_HOST=0.0.0.0" in dockerfile
    rules = [
        line
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert rules[0] == "*", "the build context starts from nothing"
    assert {"!bot/", "!knowledge/", "!deploy/requirements.lock"} <= set(rules)
    for copied in re.findall(r"^COPY (\S+) ", dockerfile, re.M):
        assert f"!{copied}/" in rules or f"!{copied}" in rules, f"{copied} is ignored"


def test_compose_publishes_health_and_metrics_to_localhost_only() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    service = compose["services"]["reportbot"]
    assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).is_file()
    assert service["ports"] == ["127.0.0.1:8080:8080"]
    assert service["read_only"] is True and service["cap_drop"] == ["ALL"]
    assert service["env_file"] == ["reportbot.env"]
    assert "environment" not in service, "settings belong in the env file, which overrides"
    assert "reportbot.env" in (DEPLOY / ".gitignore").read_text(encoding="utf-8").split()


def test_no_token_is_shipped_and_the_example_leaves_it_empty() -> None:
    example = (DEPLOY / "reportbot.env.example").read_text(encoding="utf-8")
    assert re.search(r"^DISCORD_TOKEN=$", example, re.M)
    for path in DEPLOY.iterdir():
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not TOKEN_SHAPED.search(text), f"something token-shaped in {path.name}"


def test_the_invite_asks_for_exactly_the_documented_permissions() -> None:
    wanted = discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
    )
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert wanted.value == 274877991936
    assert f"scope=bot+applications.commands&permissions={wanted.value}" in readme
    assert f"**{wanted.value}**" in readme


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not here")
@pytest.mark.parametrize("unit", ["reportbot.service", "reportbot@.service"])
def test_systemd_accepts_the_units(unit: str, tmp_path: Path) -> None:
    venv = Path(sys.executable).parent.parent  # point ExecStart at a venv that exists
    text = (DEPLOY / unit).read_text(encoding="utf-8").replace("/opt/reportbot/.venv", str(venv))
    target = tmp_path / unit.replace("@.", "@0.")
    target.write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(target)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "reportbot" not in result.stderr, result.stderr


@pytest.mark.parametrize("unit", ["reportbot.service", "reportbot@.service"])
def test_a_broken_pack_or_token_stops_the_restarts(unit: str) -> None:
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    # RestartPreventExitStatus= looks at the main process only: no validation step before it.
    assert not re.search(r"^ExecStartPre=", text, re.M)
    assert re.search(r"^ExecStart=\S+/reportbot run$", text, re.M)
    (prevent,) = re.findall(r"^RestartPreventExitStatus=(.+)$", text, re.M)
    assert set(prevent.split()) == {"2", "3"}  # pack or setting; token or intent (not 4)
    assert re.search(r"^StartLimitBurst=\d+$", text, re.M)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not here")
@pytest.mark.parametrize("unit", ["reportbot.service", "reportbot@.service"])
def test_systemd_rates_the_units_well_hardened(unit: str, tmp_path: Path) -> None:
    venv = Path(sys.executable).parent.parent
    text = (DEPLOY / unit).read_text(encoding="utf-8").replace("/opt/reportbot/.venv", str(venv))
    target = tmp_path / unit.replace("@.", "@0.")
    target.write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0 and "offline" in result.stderr:
        pytest.skip("this systemd-analyze cannot rate a unit file offline")
    (level,) = re.findall(r"Overall exposure level for \S+: ([\d.]+)", result.stdout)
    # Left: network access, which a Discord bot needs. Was 3.2 before the extra directives.
    assert float(level) <= 1.5, result.stdout


def test_the_example_settings_file_is_valid_as_shipped() -> None:
    from dotenv import dotenv_values

    from bot.settings import load_settings

    values = {k: v for k, v in dotenv_values(DEPLOY / "reportbot.env.example").items() if v}
    settings = load_settings(values)
    assert settings.unknown == ()  # every variable it names is a setting
    assert not settings.log_user_ids and settings.retention_days == 90

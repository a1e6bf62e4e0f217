"""The deployment files say what they should: pinned dependencies that satisfy pyproject, a
non-root image with a health check, health published to localhost only, no token anywhere, the
invite's permission integer, and systemd units that systemd accepts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import discord
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot.observability.logging import TOKEN_SHAPED
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def lock() -> dict[str, str]:
    pins = {}
    for line in (DEPLOY / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert name and version and " " not in line, f"not an exact pin: {line!r}"
            pins[canonicalize_name(name)] = version
    return pins


def test_the_lock_pins_every_runtime_dependency_within_pyproject_ranges() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = lock()
    for text in project["dependencies"]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} missing from deploy/requirements.lock"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} vs {text}"
        for extra in requirement.extras:  # psycopg[binary] needs psycopg-binary pinned too
            assert canonicalize_name(f"{requirement.name}-{extra}") in pins
    test_only = {"pytest", "hypothesis", "ruff", "pytest-asyncio", "pytest-timeout"}
    assert not test_only & set(pins), "test tools do not belong in the runtime image"


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

"""Tests for the deploy recipes, .github/workflows/deploy.yml (GitHub Pages) and netlify.toml:
they parse, and they build with the README's build command and publish its directory.

The command and the directory are read from README.md ("Deploy": **Build command:** and
**publish directory:**), so the recipes and the documentation cannot drift apart.
"""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.site_text import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"
NETLIFY = ROOT / "netlify.toml"


def deploy_section(readme: str) -> str:
    return readme.split("\n## Deploy\n", 1)[1].split("\n## ", 1)[0]


def readme_value(label: str) -> str:
    """The backticked value after ``**<label>:**`` in the README's Deploy section."""
    match = re.search(rf"\*\*{re.escape(label)}:\*\* `([^`]+)`", deploy_section(README), re.IGNORECASE)
    assert match, f"README.md, Deploy: no **{label}:** `...`"
    return match.group(1)


BUILD_COMMAND = readme_value("Build command")
PUBLISH_DIR = readme_value("publish directory")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job["steps"]


def uses(job: dict, action: str) -> dict | None:
    return next((step for step in steps(job) if str(step.get("uses", "")).split("@")[0] == action), None)


def test_the_readme_states_a_make_target_that_exists():
    assert BUILD_COMMAND.startswith("make ")
    target = BUILD_COMMAND.split()[1]
    assert re.search(rf"^{re.escape(target)}:", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    assert PUBLISH_DIR == "site"


def test_the_workflow_builds_with_the_readmes_command_and_uploads_the_publish_directory():
    build = workflow()["jobs"]["build"]
    runs = [step["run"].strip() for step in steps(build) if "run" in step]
    assert runs == [BUILD_COMMAND]
    upload = uses(build, "actions/upload-pages-artifact")
    assert upload is not None and upload["with"]["path"] == PUBLISH_DIR
    assert steps(build).index(upload) > next(i for i, step in enumerate(steps(build)) if "run" in step)


def test_the_workflow_sets_up_python_and_node_and_needs_no_browser():
    build = workflow()["jobs"]["build"]
    python = uses(build, "actions/setup-python")
    assert python is not None and str(python["with"]["python-version"]) in {"3.13", "3.12"}
    assert uses(build, "actions/setup-node") is not None
    assert uses(build, "actions/checkout") is not None
    assert "chromium" not in WORKFLOW.read_text(encoding="utf-8").split("\njobs:")[1]


def test_the_workflow_deploys_with_pages_permissions_only():
    data = workflow()
    on = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in on and "workflow_dispatch" in on
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    step = uses(deploy, "actions/deploy-pages")
    assert step is not None and step["id"] in deploy["environment"]["url"]


def test_netlify_builds_with_the_readmes_command_and_publishes_its_directory():
    config = tomllib.loads(NETLIFY.read_text(encoding="utf-8"))
    assert config["build"]["command"] == BUILD_COMMAND
    assert config["build"]["publish"] == PUBLISH_DIR
    assert config["build"]["environment"]["PYTHON_VERSION"] in {"3.13", "3.12"}
    assert "headers" not in config  # the build writes site/_headers; one source for them

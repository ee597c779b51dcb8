"""The publishing recipes a team copies: they install this project, pinned, and keep the
site private. The container recipe's nginx configuration is started for real (Debian's
nginx, as scripts/test.sh installs it) and serves the example site on localhost."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PUBLISH = ROOT / "examples" / "publish"
DISTRIBUTION = "sitegen-salesplan"


def _texts_that_install():
    """Every example, doc and script a user may copy an install line from."""
    for folder in ("examples", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in {".yml", ".yaml", ".md", ".sh", ".cfg", ""}:
                yield path
    yield ROOT / "README.md"


def test_the_distribution_has_a_name_nobody_else_holds_on_pypi():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == DISTRIBUTION
    assert project["scripts"]["sitegen"] == "sitegen.cli:run"


def test_no_example_or_doc_installs_someone_elses_sitegen():
    # a command line (shell, a CI step, a code block), not prose that warns against it
    bare = re.compile(r"^\s*(-\s+)?(run:\s*)?\S*pip3?\s+install\s+(--?\S+\s+)*[\"']?sitegen(?![-\w])")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in _texts_that_install()
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if bare.search(line)
    ]
    assert offenders == []


def test_every_ci_recipe_installs_this_project_pinned():
    recipes = [*sorted((ROOT / "examples" / "ci").glob("*.yml")), *sorted(PUBLISH.glob("*.yml"))]
    assert recipes
    for path in recipes:
        text = path.read_text(encoding="utf-8")
        specs = re.findall(r'SITEGEN: "([^"]+)"', text)
        assert specs, f"{path.name} sets no pinned SITEGEN"
        for spec in specs:
            assert spec.startswith(DISTRIBUTION)
            assert re.search(r"(==\d|@v\d[\w.]*$|@[0-9a-f]{40}$)", spec), spec
        assert 'pip install' in text and '"$SITEGEN"' in text


def test_github_pages_examples_say_pages_is_public_and_refuse_a_public_site():
    for path in (ROOT / "examples" / "ci" / "github-actions.yml", PUBLISH / "github-pages-private.yml"):
        text = path.read_text(encoding="utf-8")
        assert "PUBLIC ON THE INTERNET" in text
        workflow = yaml.safe_load(text)
        steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
        guard = next(i for i, s in enumerate(steps) if s.get("name") == "Refuse to publish a public Pages site")
        deploy = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/deploy-pages"))
        assert guard < deploy
        assert "'.public'" in steps[guard]["run"] and "exit 1" in steps[guard]["run"]


def test_gitlab_pages_recipe_checks_access_control_before_the_pages_job():
    pipeline = yaml.safe_load((PUBLISH / "gitlab-pages.yml").read_text(encoding="utf-8"))
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    assert pipeline["pages"]["needs"] == ["pages-private"]
    check = "\n".join(pipeline["pages-private"]["script"])
    assert "pages_access_level" in check and "visibility" in check and "exit 1" in check
    assert "sitegen build --plan plan --out public" in pipeline["pages"]["script"]


def test_container_recipe_puts_sso_in_front_and_publishes_no_nginx_port():
    compose = yaml.safe_load((PUBLISH / "container" / "docker-compose.yml").read_text(encoding="utf-8"))
    assert "ports" not in compose["services"]["site"]
    assert compose["services"]["sso"]["image"].startswith("quay.io/oauth2-proxy/")
    cfg = (PUBLISH / "container" / "oauth2-proxy.cfg").read_text(encoding="utf-8")
    assert 'upstreams = ["http://site:8080/"]' in cfg
    assert "cookie_secure = true" in cfg
    dockerfile = (PUBLISH / "container" / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY examples/publish/container/sitegen.conf /etc/nginx/conf.d/" in dockerfile


def test_object_storage_recipe_is_valid_and_refuses_public_buckets():
    policy = json.loads((PUBLISH / "object-storage" / "bucket-policy.json").read_text(encoding="utf-8"))
    denies = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
    assert any("aws:SourceVpce" in json.dumps(s["Condition"]) for s in denies)
    script = PUBLISH / "object-storage" / "publish.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    assert "get-public-access-block" in script.read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nginx_config(tmp_path: Path, site_conf: str, root: Path | None, port: int) -> Path:
    """nginx's own frame (as /etc/nginx/nginx.conf has it) around a recipe's site file,
    which is used unchanged except for the port, the document root and the resolver."""
    site_conf = site_conf.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    if root is not None:
        site_conf = site_conf.replace("root /usr/share/nginx/html;", f"root {root};")
    (tmp_path / "site.conf").write_text(site_conf, encoding="utf-8")
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
daemon off;
master_process off;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
""",
        encoding="utf-8",
    )
    return main


def _nginx() -> str:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.fail("nginx is not installed: ./scripts/test.sh installs Debian's nginx-light", pytrace=False)
    return nginx


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_object_storage_nginx_config_is_accepted_by_nginx(tmp_path):
    conf = (PUBLISH / "object-storage" / "nginx-s3.conf").read_text(encoding="utf-8")
    main = _nginx_config(tmp_path, conf, None, _free_port())
    result = subprocess.run([_nginx(), "-t", "-c", str(main)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_container_config_serves_the_example_site_with_cache_headers(tmp_path, run_cli):
    site = tmp_path / "public"
    code, _, err = run_cli("build", "--plan", str(ROOT / "plan"), "--out", str(site))
    assert code == 0, err
    port = _free_port()
    conf = (PUBLISH / "container" / "sitegen.conf").read_text(encoding="utf-8")
    main = _nginx_config(tmp_path, conf, site, port)
    server = subprocess.Popen([_nginx(), "-c", str(main)], stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        status, headers, body = _get(f"{base}/")
        assert status == 200 and b"<html" in body
        assert headers["Cache-Control"] == "no-cache"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "nginx/" not in headers.get("Server", "")
        status, headers, body = _get(f"{base}/plan.json")
        assert status == 200 and json.loads(body)["title"]
        assert headers["Cache-Control"] == "no-cache"
        status, headers, _ = _get(f"{base}/assets/plotly.min.js")
        assert status == 200 and headers["Cache-Control"] == "public, max-age=3600"
        status, headers, _ = _get(f"{base}/calendar.ics")
        assert status == 200 and headers["Content-Type"].startswith("text/calendar")
        assert _get(f"{base}/no-such-page.html")[0] == 404
        (site / ".secret").write_text("x", encoding="utf-8")
        assert _get(f"{base}/.secret")[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_audience_matrix_publishes_each_audience_of_the_example_plan(tmp_path, run_cli):
    workflow = yaml.safe_load((PUBLISH / "audiences-github-actions.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["publish"]
    settings = yaml.safe_load((ROOT / "plan" / "plan.yaml").read_text(encoding="utf-8"))
    assert job["strategy"]["matrix"]["audience"] == [a["id"] for a in settings["audiences"]]
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert '--audience "${{ matrix.audience }}"' in runs
    code, out, err = run_cli("build", "--plan", str(ROOT / "plan"), "--out", str(tmp_path), "--audience", "all")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == sorted(job["strategy"]["matrix"]["audience"])


def test_the_pre_commit_example_runs_this_projects_hook_from_the_same_pinned_source():
    """pre-commit installs whatever repository the example names: the team's copy of sitegen at
    the reviewed tag the CI recipes install, with hooks this repository really offers."""
    config = yaml.safe_load((ROOT / "examples" / "ci" / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    offered = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    ci = (ROOT / "examples" / "ci" / "github-actions.yml").read_text(encoding="utf-8")
    source, tag = re.search(r'SITEGEN: "sitegen-salesplan @ git\+(\S+)@(v[\w.]+)"', ci).groups()
    [repo] = config["repos"]
    assert (repo["repo"], repo["rev"]) == (source, tag)
    assert {hook["id"] for hook in repo["hooks"]} <= offered


def test_every_doc_that_mentions_pages_hosting_says_who_can_read_it():
    """GitHub Pages is public on most plans and GitLab Pages without access control: a team
    that reads "publish to GitHub Pages" in a table must read "public" in the same row."""
    texts = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md", *sorted((ROOT / "examples").rglob("*.md"))]
    silent = [
        f"{path.relative_to(ROOT)}: {part.strip()[:120]}"
        for path in texts
        for part in re.split(r"\n\s*\n|\n(?=\|)", path.read_text(encoding="utf-8"))
        if re.search(r"Git(Hub|Lab) Pages", part) and not re.search(r"public|private|access control", part, re.I)
    ]
    assert silent == []


def _publish(tmp_path: Path, blocked: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run object-storage/publish.sh on a site folder with an `aws` command that answers the
    public-access question with `blocked` and records every call (the real one needs a cloud
    account and a bucket)."""
    site = tmp_path / "public"
    (site / "assets").mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    bin_dir, calls = tmp_path / "bin", tmp_path / "aws-calls"
    bin_dir.mkdir(exist_ok=True)
    calls.write_text("", encoding="utf-8")
    (bin_dir / "aws").write_text(
        f'#!/bin/sh\necho "$*" >> {calls}\n'
        f'case "$2" in get-public-access-block) printf "{blocked}\\n";; esac\n', encoding="utf-8")
    (bin_dir / "aws").chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "SITE_BUCKET": "acme-sales-plan"}
    result = subprocess.run(["bash", str(PUBLISH / "object-storage" / "publish.sh"), str(site)],
                            env=env, capture_output=True, text=True)
    return result, calls.read_text(encoding="utf-8").splitlines()


def test_publish_script_refuses_a_bucket_that_does_not_block_public_access(tmp_path):
    result, calls = _publish(tmp_path, "True\\tTrue\\tFalse\\tTrue")
    assert result.returncode == 1
    assert "does not block public access" in result.stderr and "put-public-access-block" in result.stderr
    assert not [call for call in calls if call.startswith("s3 sync")]  # nothing uploaded


def test_publish_script_uploads_pages_to_revalidate_and_assets_for_an_hour(tmp_path):
    result, calls = _publish(tmp_path, "True\\tTrue\\tTrue\\tTrue")
    assert result.returncode == 0, result.stderr
    syncs = [call for call in calls if call.startswith("s3 sync")]
    assert len(syncs) == 2
    assets, pages = syncs
    assert assets.endswith("--delete --cache-control public, max-age=3600") and "/assets s3://acme-sales-plan/assets" in assets
    assert "--exclude assets/* --exclude .*" in pages and pages.endswith("--cache-control no-cache")

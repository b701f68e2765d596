"""A real Prometheus scrapes a real worker that enriches articles through the bundled broker, twice:
as docker compose's job and with the labels the Prometheus Operator gives a PodMonitor's targets.
Then every dashboard panel, template variable and alert expression is evaluated through
Prometheus's HTTP API, with the variables substituted as Grafana does for each of the two setups:
each must parse and return data for the series it shows."""

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import orjson
import pytest
import yaml

from tests.kafka import REPO, WorkerProcess, produce, read, setup_topics, unique_settings
from worker.kafka.dev_broker import free_port

pytestmark = pytest.mark.integration

DASHBOARD = REPO / "deploy" / "grafana" / "dashboards" / "newsworker.json"
PROMETHEUS_CONFIG = REPO / "deploy" / "prometheus" / "prometheus.yml"
ALERTS = REPO / "deploy" / "prometheus" / "alerts.yml"
SAMPLE = (REPO / "samples" / "independent-rutte-nato.txt").read_text()
ARTICLES = 6
RATE_INTERVAL = "1m"  # what Grafana puts in $__rate_interval; many 1 s scrapes
NAMESPACE = "news"
# The variables an operator selects in each setup; the others stay at "All".
SETUPS = {"compose": {"job": ["newsworker"]},
          "kubernetes": {"namespace": [NAMESPACE], "job": [f"{NAMESPACE}/newsworker"]}}


def prometheus_binary() -> str:
    found = shutil.which("prometheus")
    if not found:
        pytest.skip("prometheus not installed (`make test` installs Debian's prometheus package)")
    return found


class Prometheus:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"

    def get(self, path: str, **params):
        url = f"{self.base}{path}?{urllib.parse.urlencode(params, doseq=True)}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            if exc.code == 503:  # Prometheus answers "Service Unavailable" until its storage is up
                raise ConnectionError("Prometheus not ready yet") from exc
            return json.load(exc)

    def query(self, expr: str) -> list:
        answer = self.get("/api/v1/query", query=expr)
        assert answer["status"] == "success", (expr, answer.get("error"))
        return answer["data"]["result"]

    def wait_for(self, expr: str, timeout: float = 60) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                result = self.query(expr)
                if result:
                    return result
            except OSError:  # not listening yet
                pass
            time.sleep(0.5)
        raise TimeoutError(f"no data for {expr}")


def scrape_config(worker_target: str, tmp_path) -> str:
    """deploy/prometheus/prometheus.yml with 1 s intervals and the test worker as the target, plus
    a second job that labels the same target as the Prometheus Operator labels a PodMonitor's:
    job "<namespace>/<PodMonitor name>", namespace, pod and container."""
    config = yaml.safe_load(PROMETHEUS_CONFIG.read_text())
    config["global"].update(scrape_interval="1s", evaluation_interval="1s")
    config["rule_files"] = [str(ALERTS)]
    job = next(j for j in config["scrape_configs"] if j["job_name"] == "newsworker")
    del job["dns_sd_configs"]
    job["static_configs"] = [{"targets": [worker_target]}]
    pod_monitor = {**job, "job_name": f"podMonitor/{NAMESPACE}/newsworker/0", "relabel_configs": [
        {"target_label": label, "replacement": value} for label, value in
        (("job", f"{NAMESPACE}/newsworker"), ("namespace", NAMESPACE), ("pod", "newsworker-0"), ("container", "worker"))]}
    config["scrape_configs"] = [job, pod_monitor]
    path = tmp_path / "prometheus.yml"
    path.write_text(yaml.safe_dump(config))
    return str(path)


@pytest.fixture(scope="module")
def stack(broker, tmp_path_factory):
    binary = prometheus_binary()
    tmp = tmp_path_factory.mktemp("observability")
    settings = unique_settings(broker.bootstrap, topic_partitions=2)
    setup_topics(settings)
    with WorkerProcess(settings, tmp / "worker.log") as worker, open(tmp / "prometheus.log", "wb") as log:
        worker.wait_ready()
        port = free_port()
        prometheus = subprocess.Popen(
            [binary, f"--config.file={scrape_config(f'127.0.0.1:{settings.web_port}', tmp)}",
             f"--storage.tsdb.path={tmp / 'tsdb'}", f"--web.listen-address=127.0.0.1:{port}"],
            stdout=log, stderr=subprocess.STDOUT)
        try:
            api = Prometheus(port)
            # Both jobs scraped before any article, so rates see them all.
            api.wait_for('count(up{job=~"newsworker|%s/newsworker"} == 1) == 2' % NAMESPACE)
            t = settings.topics
            values = [orjson.dumps({"id": f"obs-{n}", "url": f"https://www.independent.co.uk/news/{n}",
                                    "source": "independent.co.uk", "text": SAMPLE}) for n in range(ARTICLES)]
            produce(settings.kafka_bootstrap, t.raw, values + [b"{not json"])
            enriched = read(settings.kafka_bootstrap, t.enriched, until=lambda rs: len(rs) >= ARTICLES, timeout=90)
            assert len(enriched) >= ARTICLES, f"see {worker.log_path}"
            api.wait_for('newsworker_articles_processed_total{stage="tag",outcome="ok"} >= %d' % ARTICLES)
            api.wait_for('newsworker_dead_letters_total')
            time.sleep(2)  # a couple more scrapes, so every rate() has two points after the last change
            yield api, worker
        finally:
            prometheus.terminate()
            prometheus.wait(10)


def variables(api: Prometheus, selected: dict[str, list[str]]) -> dict[str, str]:
    """Each template variable's regex, as Grafana substitutes it: the `selected` values, else "All"
    (the variable's allValue, or all the values its own query finds)."""
    values = {}
    for variable in json.loads(DASHBOARD.read_text())["templating"]["list"]:
        if variable["type"] == "datasource":
            assert variable["query"] == "prometheus"
            continue
        definition = substitute(variable["definition"], values)
        selector, label = re.fullmatch(r"label_values\((.+),\s*(\w+)\)", definition).groups()
        answer = api.get(f"/api/v1/label/{label}/values", **{"match[]": selector})
        assert answer["status"] == "success", (variable["name"], answer)
        found = answer["data"]
        chosen = selected.get(variable["name"])
        if chosen:
            assert set(chosen) <= set(found), (variable["name"], chosen, found)
            values[variable["name"]] = "|".join(re.escape(v) for v in chosen)
        elif "allValue" in variable:
            values[variable["name"]] = variable["allValue"]
        else:
            assert found, (variable["name"], definition)
            values[variable["name"]] = "|".join(re.escape(v) for v in found)
    return values


def label_values(api: Prometheus, variable: str, selected: dict[str, list[str]]) -> list[str]:
    """What a variable's drop-down offers, given the variables before it."""
    values = variables(api, selected)
    definition = next(v["definition"] for v in json.loads(DASHBOARD.read_text())["templating"]["list"]
                      if v["name"] == variable)
    selector, label = re.fullmatch(r"label_values\((.+),\s*(\w+)\)", substitute(definition, values)).groups()
    return api.get(f"/api/v1/label/{label}/values", **{"match[]": selector})["data"]


def substitute(expr: str, values: dict[str, str]) -> str:
    """As Grafana does: each variable's regex, escaped inside a PromQL string."""
    expr = expr.replace("$__rate_interval", RATE_INTERVAL)
    for name, regex in values.items():
        expr = expr.replace(f"${name}", regex.replace("\\", "\\\\"))
    return expr


def panel_targets():
    for panel in json.loads(DASHBOARD.read_text())["panels"]:
        for target in panel.get("targets", ()):
            yield panel["title"], target["expr"]


def test_template_variables_list_both_setups_then_the_worker_and_its_topics(stack):
    api, worker = stack
    assert label_values(api, "namespace", {}) == [NAMESPACE]
    assert set(label_values(api, "job", {})) == {"newsworker", f"{NAMESPACE}/newsworker"}
    assert label_values(api, "job", {"namespace": [NAMESPACE]}) == [f"{NAMESPACE}/newsworker"]
    for selected in SETUPS.values():
        assert label_values(api, "instance", selected) == [f"127.0.0.1:{worker.settings.web_port}"]
        assert set(label_values(api, "topic", selected)) == set(worker.settings.source_topics)


@pytest.mark.parametrize("setup", SETUPS)
def test_every_panel_expression_returns_data(stack, setup):
    api, _ = stack
    values = variables(api, SETUPS[setup])
    empty = [(title, expr) for title, expr in panel_targets() if not api.query(substitute(expr, values))]
    assert not empty, empty
    assert len(list(panel_targets())) >= 20


@pytest.mark.parametrize("setup", SETUPS)
def test_panels_show_what_they_claim(stack, setup):
    api, worker = stack
    values = variables(api, SETUPS[setup])
    results = {title: api.query(substitute(expr, values)) for title, expr in panel_targets()}
    lag = results["Consumer lag per partition (messages)"]
    assert {(r["metric"]["topic"], r["metric"]["partition"]) for r in lag} == \
        {(topic, p) for topic in worker.settings.source_topics for p in ("0", "1")}
    dead = results["Dead letters per second by stage and reason"]
    assert "invalid_json" in {r["metric"]["reason"] for r in dead}
    assert {r["metric"]["reason"] for r in dead if float(r["value"][1]) > 0} <= {"invalid_json"}
    entity_types = {r["metric"]["type"] for r in results["Entities per second by type"]}
    assert {"PERSON", "GPE", "ORG"} <= entity_types
    # One worker, counted once: the selected job only.
    assert results["Ready workers"][0]["value"][1] == "1"
    assert results["Stalled partitions"][0]["value"][1] == "0"
    assert float(results["Lag (seconds, worst partition)"][0]["value"][1]) < 300
    assert [r["value"][1] for r in results["Publish retries"]] == ["0"]  # a healthy broker
    assert len(results["CPU (cores)"]) == 1
    rss = float(results["Resident memory"][0]["value"][1])
    assert 50e6 < rss < 600e6, rss


def selectors(expr: str) -> list[str]:
    """The series selectors an expression reads, with their label matchers."""
    return re.findall(r"\b(?:newsworker|process)_\w+(?:\{[^}]*\})?", expr)


def alert_rules():
    for group in yaml.safe_load(ALERTS.read_text())["groups"]:
        yield from group["rules"]


def test_every_alert_watches_existing_series_and_none_fires_on_a_healthy_worker(stack):
    api, _ = stack
    for rule in alert_rules():
        assert selectors(rule["expr"]), rule["alert"]
        for selector in selectors(rule["expr"]):
            assert api.query(selector), (rule["alert"], selector)
        assert api.query(rule["expr"]) == [], rule["alert"]


def test_prometheus_loaded_and_evaluates_every_alert_rule(stack):
    api, _ = stack
    loaded = {}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        groups = api.get("/api/v1/rules")["data"]["groups"]
        loaded = {r["name"]: r for g in groups for r in g["rules"]}
        if all(r.get("lastEvaluation", "").startswith("20") for r in loaded.values()):
            break
        time.sleep(0.5)
    assert set(loaded) == {r["alert"] for r in alert_rules()}
    assert all(r["health"] == "ok" for r in loaded.values()), loaded


def test_the_image_healthcheck_command_passes_against_a_live_worker(stack):
    _, worker = stack
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text().replace("\\\n", " ")
    command = re.search(r"^HEALTHCHECK .*? CMD (.+)$", dockerfile, re.M).group(1)
    env = {"PATH": "/usr/bin:/bin", "NEWSWORKER_WEB_PORT": str(worker.settings.web_port)}
    result = subprocess.run(command.replace("python ", f"{sys.executable} ", 1), shell=True, env=env,
                            capture_output=True, text=True, timeout=10)
    assert result.returncode == 0, result.stderr

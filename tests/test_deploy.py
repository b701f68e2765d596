"""The deployment files validate and agree with the code: docker-compose.yml against the Compose
schema, the Kubernetes manifests (with and without the kafka-auth component) against the Kubernetes
and CRD schemas, offline, Prometheus's config and rules with promtool, the Grafana dashboard's
variables and thresholds, and every path, port, setting and name they mention exists."""

import copy
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import fields
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from tests.kafka import REPO
from worker.core.settings import Settings, Topics, from_env

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
K8S = REPO / "deploy" / "k8s"
PROMETHEUS = REPO / "deploy" / "prometheus"
GRAFANA = REPO / "deploy" / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "newsworker.json"
DATA = REPO / "tests" / "data"
OPERATIONS = REPO / "docs" / "operations.md"
SETTINGS_VARS = ({f"NEWSWORKER_{f.name.upper()}" for f in fields(Settings) if f.name != "topics"}
                 | {f"NEWSWORKER_TOPIC_{f.name.upper()}" for f in fields(Topics)} | {"NEWSWORKER_TOPIC_PREFIX"})


def promtool(*args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("promtool")
    if not binary:
        pytest.skip("promtool not installed (`make test` installs Debian's prometheus package)")
    return subprocess.run([binary, *args], cwd=PROMETHEUS, capture_output=True, text=True, timeout=60)


# -- Prometheus -------------------------------------------------------------------------------

def test_promtool_check_config():
    result = promtool("check", "config", "prometheus.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_check_rules():
    result = promtool("check", "rules", "alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_alert_unit_tests():
    result = promtool("test", "rules", "alerts.test.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def alert_rules() -> list[dict]:
    return [r for g in yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"] for r in g["rules"]]


def heading_anchors(markdown: str) -> set[str]:
    """The anchors GitHub (and most Markdown renderers) give the headings."""
    return {re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
            for title in re.findall(r"^#+ (.+)$", markdown, re.M)}


def test_every_alert_has_a_unit_test_and_a_runbook():
    rules = alert_rules()
    tested = {a["alertname"] for t in yaml.safe_load((PROMETHEUS / "alerts.test.yml").read_text())["tests"]
              for a in t.get("alert_rule_test", ())}
    assert {r["alert"] for r in rules} == tested
    anchors = heading_anchors(OPERATIONS.read_text())
    for rule in rules:
        assert rule["labels"]["severity"] in ("warning", "critical")
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]
        path, anchor = rule["annotations"]["runbook_url"].split("#")
        assert (REPO / path) == OPERATIONS and anchor == rule["alert"].lower(), rule["annotations"]["runbook_url"]
        assert anchor in anchors, f"no section {rule['alert']} in docs/operations.md"


def test_lag_alerts_count_seconds_not_messages():
    # A number of messages behind is a different delay at every traffic level; seconds are what
    # readers of the output notice. alerts.test.yml checks thresholds and the dead-letter share.
    exprs = {r["alert"]: r["expr"] for r in alert_rules()}
    assert "newsworker_consumer_lag_seconds" in exprs["NewsworkerLagHigh"]
    assert not any(re.search(r"newsworker_consumer_lag\b(?!_seconds)", e) for e in exprs.values())


# -- Compose ----------------------------------------------------------------------------------

def test_compose_matches_the_compose_specification():
    schema = json.loads((REPO / "tests" / "data" / "compose-spec.schema.json").read_text())
    jsonschema.Draft7Validator(schema).validate(COMPOSE)


def test_compose_has_the_whole_stack():
    services = COMPOSE["services"]
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"  # KRaft
    assert services["topics"]["command"] == ["newsworker", "topics", "create"]
    assert services["worker"]["depends_on"]["topics"]["condition"] == "service_completed_successfully"
    assert services["prometheus"]["image"].startswith("prom/prometheus:")
    assert services["grafana"]["image"].startswith("grafana/grafana:")


def test_compose_paths_exist():
    for name, service in COMPOSE["services"].items():
        build = service.get("build")
        if build:
            assert (REPO / build["context"]).is_dir(), name
            assert (REPO / build["context"] / build["dockerfile"]).is_file(), name
        for volume in service.get("volumes", ()):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (REPO / source).exists(), (name, source)


def test_compose_commands_exist():
    from worker.cli import COMMANDS

    for name, service in COMPOSE["services"].items():
        command = service.get("command")
        if command and command[0] == "newsworker":
            assert command[1] in COMMANDS, name


def test_compose_worker_settings_exist_and_parse():
    for name in ("topics", "worker"):
        env = COMPOSE["services"][name]["environment"]
        assert set(env) <= SETTINGS_VARS, set(env) - SETTINGS_VARS
        settings = from_env({k: str(v) for k, v in env.items()})
        host, port = settings.kafka_bootstrap.split(":")
        assert host in COMPOSE["services"]
        assert f"PLAINTEXT://{host}:{port}" in COMPOSE["services"]["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]


def test_compose_ports_match_the_worker_and_the_scrape_config():
    settings = from_env({k: str(v) for k, v in COMPOSE["services"]["worker"]["environment"].items()})
    container_ports = {int(p.rsplit(":", 1)[1]) for p in COMPOSE["services"]["worker"]["ports"]}
    assert container_ports == {settings.web_port}
    scrape = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    job = next(j for j in scrape["scrape_configs"] if j["job_name"] == "newsworker")
    assert job["dns_sd_configs"][0]["names"] == ["worker"] and job["dns_sd_configs"][0]["port"] == settings.web_port
    assert "9090:9090" in COMPOSE["services"]["prometheus"]["ports"]


def test_compose_mounts_what_prometheus_and_grafana_read():
    prometheus_mounts = dict(v.split(":")[:2] for v in COMPOSE["services"]["prometheus"]["volumes"] if v.startswith("."))
    assert prometheus_mounts["./deploy/prometheus"] == "/etc/prometheus"
    scrape = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    for rule_file in scrape["rule_files"]:
        assert (PROMETHEUS / rule_file).is_file()
    grafana_mounts = dict(v.split(":")[:2] for v in COMPOSE["services"]["grafana"]["volumes"])
    provider = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "newsworker.yml").read_text())
    assert grafana_mounts["./deploy/grafana/dashboards"] == provider["providers"][0]["options"]["path"]
    assert grafana_mounts["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
    datasource = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())["datasources"][0]
    assert datasource["url"] == "http://prometheus:9090"
    variable = next(v for v in json.loads(DASHBOARD.read_text())["templating"]["list"] if v["type"] == "datasource")
    assert datasource["type"] == variable["query"] and datasource["isDefault"]  # what the variable picks


def test_dockerfile_is_slim_non_root_with_a_healthcheck():
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    assert "--require-hashes --no-deps -r /tmp/requirements.lock && pip check" in dockerfile
    assert "pip wheel --no-deps --no-build-isolation -w /tmp/dist ." in dockerfile
    assert "pip install --no-deps /tmp/dist/newsworker-" in dockerfile, "the image installs the built wheel"
    assert not re.search(r"pip install .*-e |COPY --from=build /(app|src)", dockerfile), "no checkout in the image"
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", dockerfile, re.M)
    for source in re.findall(r"^COPY (?!--from)(\S+)", dockerfile, re.M):
        assert (REPO / source).exists(), source
    lock = (REPO / "requirements.lock").read_text()
    assert not re.search(r"^en-core-web-sm", lock, re.M), "the NER model ships in the package, not in the lock"


# -- Grafana ----------------------------------------------------------------------------------

def dashboard() -> dict:
    return json.loads(DASHBOARD.read_text())


def datasource_refs(node):
    """Every `datasource` reference anywhere in the dashboard."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "datasource" and isinstance(value, dict):
                yield value
            else:
                yield from datasource_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from datasource_refs(value)


def test_dashboard_picks_its_datasource_from_a_variable():
    board = dashboard()
    variables = board["templating"]["list"]
    assert variables[0]["type"] == "datasource" and variables[0]["query"] == "prometheus"
    refs = list(datasource_refs(board))
    assert len(refs) >= 40
    assert all(ref == {"type": "prometheus", "uid": "${%s}" % variables[0]["name"]} for ref in refs), \
        {json.dumps(ref) for ref in refs}
    # Besides the references above, the only uid is the dashboard's own.
    assert len(re.findall(r'"uid":', DASHBOARD.read_text())) == len(refs) + 1


def test_every_dashboard_query_filters_on_namespace_job_and_instance():
    board = dashboard()
    variables = [v for v in board["templating"]["list"] if v["type"] == "query"]
    assert [v["name"] for v in variables] == ["namespace", "job", "instance", "topic"]
    # "All" jobs lists the jobs that run newsworker, so process_* series of other jobs stay out;
    # "All" namespaces is .*, which also matches series without the label (docker compose).
    assert "allValue" not in variables[1] and variables[0]["allValue"] == ".*"
    # Each variable's query filters on the variables before it; every panel query on all three.
    queries = [(v["definition"], [u["name"] for u in variables[:min(i, 3)]]) for i, v in enumerate(variables)]
    queries += [(t["expr"], ["namespace", "job", "instance"]) for p in board["panels"] for t in p.get("targets", ())]
    for expr, required in queries:
        assert not re.search(r'\bjob\s*=\s*"', expr), expr
        selectors = re.findall(r"\b(?:newsworker|process)_\w+(\{[^}]*\})?", expr)
        assert selectors, expr
        for matchers in selectors:
            for name in required:
                assert f'{name}=~"${name}"' in matchers, (name, expr)


def alert_threshold(alert: str) -> float:
    expr = next(r["expr"] for r in alert_rules() if r["alert"] == alert)
    return float(re.search(r"\)\s*>\s*([0-9.]+)", expr).group(1))


def test_stat_panels_have_thresholds_and_match_the_alerts():
    stats = {p["title"]: p["fieldConfig"]["defaults"] for p in dashboard()["panels"] if p["type"] == "stat"}
    assert len(stats) >= 6
    for title, defaults in stats.items():
        steps = defaults["thresholds"]["steps"]
        assert defaults["thresholds"]["mode"] == "absolute" and steps[0]["value"] is None, title
        assert [s["value"] for s in steps[1:]] == sorted(s["value"] for s in steps[1:]), title
    def colour_at(title, value):
        return [s["color"] for s in stats[title]["thresholds"]["steps"] if s["value"] is None or s["value"] <= value][-1]
    assert colour_at("Ready workers", 0) == "red" and colour_at("Ready workers", 1) == "green"
    assert colour_at("Stalled partitions", 0) == "green" and colour_at("Stalled partitions", 1) == "red"
    assert colour_at("Assigned partitions", 0) == "red"
    lag = alert_threshold("NewsworkerLagHigh")
    assert colour_at("Lag (seconds, worst partition)", lag - 1) == "green" != colour_at("Lag (seconds, worst partition)", lag)
    share = alert_threshold("NewsworkerDeadLetterShareHigh")
    assert colour_at("Dead-letter share (worst stage)", share * 0.9) == "green" != \
        colour_at("Dead-letter share (worst stage)", share)


# -- Kubernetes -------------------------------------------------------------------------------
# Every manifest is validated offline: the Kubernetes kinds against the schemas kubernetes-validate
# carries, the custom resources against their CRDs' schemas (tests/data, see its README), both
# strictly, as `kubectl apply` does by default: a field the schema does not declare is an error.

KUBERNETES_VERSION = "1.37.0"
CRDS = {
    **{("keda.sh/v1alpha1", kind): schema
       for kind, schema in yaml.safe_load((DATA / "keda-crds.yaml").read_text()).items()},
    **{("monitoring.coreos.com/v1", kind): schema
       for kind, schema in yaml.safe_load((DATA / "prometheus-operator-crds.yaml").read_text()).items()},
}
STR = {"type": "string"}
LABELS = {"type": "object", "additionalProperties": STR}
METADATA = {"type": "object", "required": ["name"], "properties": {"name": STR, "labels": LABELS}}
# The PodMonitor CRD is large; the fields used here, with the CRD's types, stand in for it.
CRDS[("monitoring.coreos.com/v1", "PodMonitor")] = {
    "type": "object", "required": ["spec"], "properties": {
        "apiVersion": STR, "kind": STR, "metadata": {"type": "object"},
        "spec": {"type": "object", "required": ["selector"], "properties": {
            "selector": {"type": "object", "properties": {"matchLabels": LABELS}},
            "podMetricsEndpoints": {"type": "array", "items": {"type": "object", "properties": {
                "port": STR, "path": STR, "interval": {"type": "string", "pattern": "^(0|([0-9]+(ms|s|m|h))+)$"}}}}}}}}
# The parameters of KEDA's kafka scaler (https://keda.sh/docs/latest/scalers/apache-kafka/).
KAFKA_SCALER_PARAMETERS = {
    "bootstrapServers", "bootstrapServersFromEnv", "consumerGroup", "consumerGroupFromEnv", "topic",
    "topicFromEnv", "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers",
    "scaleToZeroOnInvalidOffset", "excludePersistentLag", "limitToPartitionsWithLag",
    "ensureEvenDistributionOfPartitions", "version", "partitionLimitation", "sasl", "saslTokenProvider", "tls",
    "unsafeSsl", "awsRegion"}
# The worker's NEWSWORKER_SASL_MECHANISM (aiokafka's names) and KEDA's `sasl` for the same mechanism.
SASL_MODES = {"PLAIN": "plaintext", "SCRAM-SHA-256": "scram_sha256", "SCRAM-SHA-512": "scram_sha512",
              "GSSAPI": "gssapi", "OAUTHBEARER": "oauthbearer"}


def strict(schema):
    """A CRD schema as the API server applies it with strict field validation: an object with
    declared properties takes no others."""
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    if "properties" in out:
        out["properties"] = {name: strict(s) for name, s in out["properties"].items()}
        out.setdefault("additionalProperties", False)
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = strict(out[key])
    for key in ("anyOf", "allOf", "oneOf"):
        if key in out:
            out[key] = [strict(s) for s in out[key]]
    return out


def validate(manifest: dict) -> None:
    """Raise jsonschema.ValidationError (or kubernetes_validate's errors) for an invalid manifest."""
    key = (manifest.get("apiVersion"), manifest.get("kind"))
    if key in CRDS:
        jsonschema.validate(manifest["metadata"], METADATA)
        jsonschema.validate(manifest, strict(CRDS[key]))
    else:
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)


def build(*components: str) -> list[dict]:
    """`kubectl kustomize` (or `kustomize build`) of deploy/k8s, with the named components added
    through an overlay, as an operator enables them."""
    command = next(([c, *rest] for c, *rest in (["kustomize", "build"], ["kubectl", "kustomize"]) if shutil.which(c)),
                   None)
    if not command:
        pytest.skip("needs kustomize or kubectl")
    with tempfile.TemporaryDirectory() as tmp:
        root = K8S
        if components:
            overlay = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                       "resources": [os.path.relpath(K8S, tmp)],
                       "components": [os.path.relpath(K8S / c, tmp) for c in components]}
            (Path(tmp) / "kustomization.yaml").write_text(yaml.safe_dump(overlay))
            root = Path(tmp)
        result = subprocess.run([*command, str(root)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [d for d in yaml.safe_load_all(result.stdout) if d]


BUILDS = {"default": (), "kafka-auth": ("kafka-auth",)}


@pytest.fixture(scope="module", params=BUILDS)
def built(request) -> list[dict]:
    return build(*BUILDS[request.param])


def of_kind(found: list[dict], kind: str) -> dict:
    (manifest,) = [m for m in found if m["kind"] == kind]
    return manifest


def container_env(found: list[dict]) -> dict[str, str]:
    """The worker container's environment as KEDA resolves it for `*FromEnv` (the container named
    by envSourceContainerName): envFrom ConfigMaps, then literal env values."""
    pod = of_kind(found, "Deployment")["spec"]["template"]["spec"]
    name = of_kind(found, "ScaledObject")["spec"]["scaleTargetRef"].get("envSourceContainerName")
    container = next(c for c in pod["containers"] if c["name"] == name) if name else pod["containers"][0]
    config_maps = {m["metadata"]["name"]: m["data"] for m in found if m["kind"] == "ConfigMap"}
    env = {}
    for source in container.get("envFrom", ()):
        env.update(config_maps[source["configMapRef"]["name"]])
    env.update({e["name"]: e["value"] for e in container.get("env", ()) if "value" in e})
    return env


def test_every_manifest_matches_the_kubernetes_and_crd_schemas(built):
    kinds = {(m["apiVersion"], m["kind"]) for m in built}
    assert {("v1", "ConfigMap"), ("apps/v1", "Deployment"), ("v1", "Service"), ("policy/v1", "PodDisruptionBudget"),
            ("monitoring.coreos.com/v1", "PodMonitor"), ("monitoring.coreos.com/v1", "PrometheusRule"),
            ("keda.sh/v1alpha1", "ScaledObject")} <= kinds
    for manifest in built:
        try:
            validate(manifest)
        except jsonschema.ValidationError as exc:
            pytest.fail(f"{manifest['kind']} {manifest['metadata']['name']}: {exc.message} at {list(exc.absolute_path)}")


@pytest.mark.parametrize("kind, change", [
    ("Deployment", lambda m: m["spec"].update(replicas="2")),
    ("Deployment", lambda m: m["spec"]["template"]["spec"].update(automountServiceAcountToken=False)),
    ("Deployment", lambda m: m["spec"]["template"]["spec"]["containers"][0]["ports"][0].update(containerPort="6066")),
    ("Service", lambda m: m["spec"]["ports"][0].update(port="http")),
    ("ScaledObject", lambda m: m["spec"].update(maxReplicas=4)),
    ("ScaledObject", lambda m: m["spec"]["triggers"][0]["metadata"].update(allowIdleConsumers=False)),
    ("ScaledObject", lambda m: m["spec"]["triggers"][0].update(authenticationRef={"kind": "TriggerAuthentication"})),
    ("TriggerAuthentication", lambda m: m["spec"]["secretTargetRef"][0].pop("key")),
    ("TriggerAuthentication", lambda m: m["spec"].update(secretTargetRefs=[])),
    ("PrometheusRule", lambda m: m["spec"]["groups"][0]["rules"][0].update({"for": "10 minutes"})),
    ("PrometheusRule", lambda m: m["spec"]["groups"][0]["rules"][0].pop("expr")),
    ("PodMonitor", lambda m: m["spec"]["podMetricsEndpoints"][0].update(interval=15)),
])
def test_the_schemas_reject_a_broken_manifest(kind, change):
    manifest = copy.deepcopy(of_kind(build("kafka-auth"), kind))
    validate(manifest)
    change(manifest)
    with pytest.raises(jsonschema.ValidationError):
        validate(manifest)


def test_every_manifest_file_is_in_a_kustomization():
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    component = yaml.safe_load((K8S / "kafka-auth" / "kustomization.yaml").read_text())
    assert component["kind"] == "Component"
    listed = set(component["resources"]) | {p["path"] for p in component["patches"]}
    assert listed == {p.name for p in (K8S / "kafka-auth").glob("*.yaml")} - {"kustomization.yaml"}


def test_selectors_match_the_pod_labels(built):
    pod_labels = of_kind(built, "Deployment")["spec"]["template"]["metadata"]["labels"]
    for kind in ("Deployment", "PodDisruptionBudget", "PodMonitor"):
        assert of_kind(built, kind)["spec"]["selector"]["matchLabels"].items() <= pod_labels.items(), kind
    assert of_kind(built, "Service")["spec"]["selector"].items() <= pod_labels.items()


def test_deployment_agrees_with_the_settings(built):
    config = of_kind(built, "ConfigMap")["data"]
    assert set(config) <= SETTINGS_VARS, set(config) - SETTINGS_VARS
    env = container_env(built)
    assert set(env) <= SETTINGS_VARS, set(env) - SETTINGS_VARS
    settings = from_env(env)
    pod = of_kind(built, "Deployment")["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["envFrom"][0]["configMapRef"]["name"] == of_kind(built, "ConfigMap")["metadata"]["name"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["http"] == settings.web_port
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    # The drain must finish before the kubelet's SIGKILL.
    assert settings.shutdown_timeout < pod["terminationGracePeriodSeconds"] <= settings.shutdown_timeout + 30
    # The worker and its stage process measure about 370 MB RSS idle with the model loaded; the limit
    # holds the stage process's memory budget plus the worker process.
    assert container["resources"]["requests"]["memory"] == "512Mi"
    assert container["resources"]["limits"]["memory"] == "1Gi"
    assert settings.stage_memory_mb + 200 <= 1024
    assert pod["automountServiceAccountToken"] is False  # the worker never calls the Kubernetes API
    assert of_kind(built, "Service")["spec"]["ports"][0]["targetPort"] == "http"
    assert of_kind(built, "PodMonitor")["spec"]["podMetricsEndpoints"][0]["port"] == "http"


def test_autoscaling_is_left_to_keda_capped_at_the_partition_count_on_the_source_topics(built):
    env = container_env(built)
    settings = from_env(env)
    deployment = of_kind(built, "Deployment")
    # `replicas` beside a ScaledObject would reset the autoscaler's choice on every apply.
    assert "replicas" not in deployment["spec"]
    scaled = of_kind(built, "ScaledObject")["spec"]
    assert scaled["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert scaled["maxReplicaCount"] == settings.topic_partitions
    assert 1 <= scaled["minReplicaCount"] <= scaled["maxReplicaCount"]
    triggers = [t["metadata"] for t in scaled["triggers"]]
    # The replay topic is for operators' bursts, not a reason to add workers.
    assert {t["topic"] for t in triggers} == set(settings.source_topics) - {settings.topics.replay}
    for trigger in triggers:
        assert set(trigger) <= KAFKA_SCALER_PARAMETERS, set(trigger) - KAFKA_SCALER_PARAMETERS
        assert trigger["allowIdleConsumers"] == "false"
        # Read from the worker's own environment, so the broker and group are set in one place.
        assert "bootstrapServers" not in trigger and "consumerGroup" not in trigger
        assert env[trigger["bootstrapServersFromEnv"]] == settings.kafka_bootstrap
        assert env[trigger["consumerGroupFromEnv"]] == settings.group_id


def test_kafka_auth_gives_the_worker_and_keda_the_same_mechanism_and_secret():
    found = build("kafka-auth")
    settings = from_env(container_env(found))
    assert settings.security_protocol == "SASL_SSL"
    auth = of_kind(found, "TriggerAuthentication")
    for trigger in of_kind(found, "ScaledObject")["spec"]["triggers"]:
        assert trigger["authenticationRef"] == {"name": auth["metadata"]["name"]}
        assert trigger["metadata"]["sasl"] == SASL_MODES[settings.sasl_mechanism]
        assert trigger["metadata"]["tls"] == "enable"
    # Each KEDA parameter comes from the same Secret key as the worker's matching setting.
    pod = of_kind(found, "Deployment")["spec"]["template"]["spec"]
    container = pod["containers"][0]
    from_secret = {e["name"]: (e["valueFrom"]["secretKeyRef"]["name"], e["valueFrom"]["secretKeyRef"]["key"])
                   for e in container["env"] if "secretKeyRef" in e.get("valueFrom", {})}
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    files = {f"{mounts[v['name']]}/{item['path']}": (v["secret"]["secretName"], item["key"])
             for v in pod["volumes"] if "secret" in v for item in v["secret"]["items"]}
    worker = {"username": from_secret["NEWSWORKER_SASL_USERNAME"], "password": from_secret["NEWSWORKER_SASL_PASSWORD"],
              "ca": files[settings.ssl_cafile]}
    keda = {ref["parameter"]: (ref["name"], ref["key"]) for ref in auth["spec"]["secretTargetRef"]}
    assert keda == worker


def render_prometheusrule():
    spec = importlib.util.spec_from_file_location("render_prometheusrule", K8S / "render_prometheusrule.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_prometheusrule_is_generated_from_the_alerts():
    render = render_prometheusrule()
    rule = (K8S / "prometheusrule.yaml").read_text()
    assert rule == render.render((PROMETHEUS / "alerts.yml").read_text()), \
        "run python deploy/k8s/render_prometheusrule.py"
    assert yaml.safe_load(rule)["spec"]["groups"] == yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"]
    result = subprocess.run([sys.executable, str(K8S / "render_prometheusrule.py"), "--check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_prometheusrule_check_fails_when_out_of_date(tmp_path, monkeypatch):
    render = render_prometheusrule()
    monkeypatch.setattr(render, "OUTPUT", tmp_path / "prometheusrule.yaml")
    render.OUTPUT.write_text((K8S / "prometheusrule.yaml").read_text().replace("for: 10m", "for: 20m", 1))
    assert render.main(["--check"]) == 1
    assert render.main([]) == 0
    assert render.main(["--check"]) == 0

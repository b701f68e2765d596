"""The deployment files validate and agree with the code: docker-compose.yml against the Compose
schema, the Kubernetes manifests against minimal schemas of their kinds, Prometheus's config and
rules with promtool, and every path, port, setting and name they mention exists."""

import json
import re
import shutil
import subprocess
from dataclasses import fields

import jsonschema
import pytest
import yaml

from tests.kafka import REPO
from worker.settings import Settings, Topics, from_env

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
K8S = REPO / "deploy" / "k8s"
PROMETHEUS = REPO / "deploy" / "prometheus"
GRAFANA = REPO / "deploy" / "grafana"
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


def test_every_alert_has_a_unit_test_and_a_runbook_line():
    rules = [r for g in yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"] for r in g["rules"]]
    tested = {a["alertname"] for t in yaml.safe_load((PROMETHEUS / "alerts.test.yml").read_text())["tests"]
              for a in t.get("alert_rule_test", ())}
    assert {r["alert"] for r in rules} == tested
    for rule in rules:
        assert rule["labels"]["severity"] in ("warning", "critical")
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]


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
    dashboard = json.loads((GRAFANA / "dashboards" / "newsworker.json").read_text())
    uids = {t["datasource"]["uid"] for p in dashboard["panels"] for t in p.get("targets", ())}
    assert uids == {datasource["uid"]}


def test_dockerfile_is_slim_non_root_with_a_healthcheck():
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    assert "--require-hashes -r /tmp/requirements.lock" in dockerfile
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", dockerfile, re.M)
    for source in re.findall(r"^COPY (?!--from)(\S+)", dockerfile, re.M):
        assert (REPO / source).exists(), source
    lock = (REPO / "requirements.lock").read_text()
    assert re.search(r"^en-core-web-sm", lock, re.M), "the spaCy model comes from the lock"


# -- Kubernetes -------------------------------------------------------------------------------

def _obj(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


STR, INT = {"type": "string"}, {"type": "integer"}
LABELS = {"type": "object", "additionalProperties": STR}
METADATA = _obj(["name"], name=STR, labels=LABELS)
SELECTOR = _obj(["matchLabels"], matchLabels=LABELS)
PROBE = _obj(["httpGet"], httpGet=_obj(["path", "port"], path=STR, port={"type": ["string", "integer"]}),
             periodSeconds=INT, failureThreshold=INT, timeoutSeconds=INT)
QUANTITY = {"type": "string", "pattern": r"^[0-9.]+(m|Mi|Gi|Ki)?$"}
CONTAINER = _obj(
    ["name", "image", "ports", "livenessProbe", "readinessProbe", "resources"],
    name=STR, image=STR, args={"type": "array", "items": STR},
    ports={"type": "array", "items": _obj(["containerPort"], name=STR, containerPort=INT)},
    livenessProbe=PROBE, readinessProbe=PROBE, startupProbe=PROBE,
    resources=_obj(["requests", "limits"], requests=_obj(["cpu", "memory"], cpu=QUANTITY, memory=QUANTITY),
                   limits=_obj(["memory"], memory=QUANTITY)),
    envFrom={"type": "array", "items": _obj(["configMapRef"], configMapRef=_obj(["name"], name=STR))},
)
SCHEMAS = {
    ("v1", "ConfigMap"): _obj(["data"], data=LABELS),
    ("apps/v1", "Deployment"): _obj(["spec"], spec=_obj(
        ["selector", "template"], replicas=INT, selector=SELECTOR,
        template=_obj(["metadata", "spec"], metadata=_obj(["labels"], labels=LABELS), spec=_obj(
            ["containers", "terminationGracePeriodSeconds"], terminationGracePeriodSeconds=INT,
            containers={"type": "array", "minItems": 1, "items": CONTAINER})))),
    ("v1", "Service"): _obj(["spec"], spec=_obj(["selector", "ports"], selector=LABELS, ports={
        "type": "array", "items": _obj(["port"], name=STR, port=INT, targetPort={"type": ["string", "integer"]})})),
    ("policy/v1", "PodDisruptionBudget"): _obj(["spec"], spec={
        **_obj(["selector"], selector=SELECTOR, maxUnavailable=INT, minAvailable=INT),
        "oneOf": [{"required": ["maxUnavailable"]}, {"required": ["minAvailable"]}]}),
    ("monitoring.coreos.com/v1", "PodMonitor"): _obj(["spec"], spec=_obj(
        ["selector", "podMetricsEndpoints"], selector=SELECTOR,
        podMetricsEndpoints={"type": "array", "items": _obj(["port", "path"], port=STR, path=STR, interval=STR)})),
    ("keda.sh/v1alpha1", "ScaledObject"): _obj(["spec"], spec=_obj(
        ["scaleTargetRef", "maxReplicaCount", "triggers"], scaleTargetRef=_obj(["name"], name=STR),
        minReplicaCount=INT, maxReplicaCount=INT,
        triggers={"type": "array", "minItems": 1, "items": _obj(["type", "metadata"], type={"const": "kafka"},
                  metadata=_obj(["bootstrapServers", "consumerGroup", "topic", "lagThreshold"],
                                bootstrapServers=STR, consumerGroup=STR, topic=STR, lagThreshold=STR,
                                allowIdleConsumers={"const": "false"}))})),
}


def manifests() -> list[dict]:
    """`kustomize build` output when kubectl or kustomize is here; else the listed resources."""
    for command in (["kustomize", "build"], ["kubectl", "kustomize"]):
        if shutil.which(command[0]):
            result = subprocess.run([*command, str(K8S)], capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr
            return [d for d in yaml.safe_load_all(result.stdout) if d]
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    return [d for name in kustomization["resources"] for d in yaml.safe_load_all((K8S / name).read_text()) if d]


def by_kind(kind: str) -> dict:
    return next(m for m in manifests() if m["kind"] == kind)


def test_every_manifest_matches_its_kind():
    found = manifests()
    assert {(m["apiVersion"], m["kind"]) for m in found} == set(SCHEMAS)
    for manifest in found:
        jsonschema.validate(manifest["metadata"], METADATA)
        jsonschema.validate(manifest, SCHEMAS[(manifest["apiVersion"], manifest["kind"])])


def test_every_manifest_file_is_in_the_kustomization():
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


def test_selectors_match_the_pod_labels():
    pod_labels = by_kind("Deployment")["spec"]["template"]["metadata"]["labels"]
    for kind in ("Deployment", "PodDisruptionBudget", "PodMonitor"):
        assert by_kind(kind)["spec"]["selector"]["matchLabels"].items() <= pod_labels.items(), kind
    assert by_kind("Service")["spec"]["selector"].items() <= pod_labels.items()


def test_deployment_agrees_with_the_settings():
    config = by_kind("ConfigMap")["data"]
    assert set(config) <= SETTINGS_VARS, set(config) - SETTINGS_VARS
    settings = from_env(config)
    deployment = by_kind("Deployment")
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["envFrom"][0]["configMapRef"]["name"] == by_kind("ConfigMap")["metadata"]["name"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["http"] == settings.web_port
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    # The drain must finish before the kubelet's SIGKILL.
    assert settings.shutdown_timeout < pod["terminationGracePeriodSeconds"] <= settings.shutdown_timeout + 30
    # A worker with the model loaded measures about 300 MB RSS (test_observability checks < 600 MB).
    assert container["resources"]["requests"]["memory"] == "384Mi"
    assert by_kind("Service")["spec"]["ports"][0]["targetPort"] == "http"
    assert by_kind("PodMonitor")["spec"]["podMetricsEndpoints"][0]["port"] == "http"


def test_autoscaling_is_capped_at_the_partition_count_and_watches_the_source_topics():
    settings = from_env(by_kind("ConfigMap")["data"])
    scaled = by_kind("ScaledObject")["spec"]
    assert scaled["scaleTargetRef"]["name"] == by_kind("Deployment")["metadata"]["name"]
    assert scaled["maxReplicaCount"] == settings.topic_partitions
    assert 1 <= scaled["minReplicaCount"] <= scaled["maxReplicaCount"]
    triggers = [t["metadata"] for t in scaled["triggers"]]
    assert {t["topic"] for t in triggers} == {settings.topics.raw, settings.topics.cleaned}
    for trigger in triggers:
        assert trigger["consumerGroup"] == settings.group_id
        assert trigger["bootstrapServers"] == settings.kafka_bootstrap

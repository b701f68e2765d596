"""Write prometheusrule.yaml: the alerts of deploy/prometheus/alerts.yml as a Prometheus Operator
PrometheusRule, so both setups load the same rules.

    python deploy/k8s/render_prometheusrule.py          # rewrite prometheusrule.yaml
    python deploy/k8s/render_prometheusrule.py --check  # exit 1 when it is out of date
"""

import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ALERTS = HERE.parent / "prometheus" / "alerts.yml"
OUTPUT = HERE / "prometheusrule.yaml"
HEADER = ("# Generated from deploy/prometheus/alerts.yml by deploy/k8s/render_prometheusrule.py: edit\n"
          "# alerts.yml, then run the script. Add the labels your Prometheus's ruleSelector expects.\n")


class _Dumper(yaml.SafeDumper):
    pass


def _string(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def render(alerts: str) -> str:
    rule = {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {"name": "newsworker"},
        "spec": {"groups": yaml.safe_load(alerts)["groups"]},
    }
    return HEADER + yaml.dump(rule, Dumper=_Dumper, sort_keys=False, width=120, allow_unicode=True)


def main(argv: list[str]) -> int:
    text = render(ALERTS.read_text())
    if argv == ["--check"]:
        if OUTPUT.read_text() != text:
            print("deploy/k8s/prometheusrule.yaml is out of date: run python deploy/k8s/render_prometheusrule.py",
                  file=sys.stderr)
            return 1
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    OUTPUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

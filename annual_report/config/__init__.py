"""The workspace's configuration and the data the program ships: report.yaml (region, year, units, outline,
targets), the metric catalogue, the 工作要点 (plan.yaml), drafting themes, and how their YAML is read."""

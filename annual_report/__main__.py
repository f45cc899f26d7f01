"""`python -m annual_report`: the command line without Prefect (builds run as plain Python)."""

from annual_report.cli import run

run()

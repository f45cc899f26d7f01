"""`python -m annual_report`: the `annual-report` command."""

from annual_report.cli import main

main()

from annual_report.cli import app

app(prog_name="annual-report")

"""The portal: units upload their submissions, reviewers follow the 报送情况 and start builds, in a browser.

A FastAPI app (`portal.app.create_app`) over a workspace; its state lives in WORKSPACE/portal/ (SQLite
database, every uploaded version). `annual-report serve` runs it beside a supervised Prefect server.
Nothing in annual_report/ imports this package.
"""

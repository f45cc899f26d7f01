"""Prefect flows: orchestration only; the work is done by the annual_report package."""

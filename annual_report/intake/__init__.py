"""Readers for submission files: each returns what it found per unit, or findings, never an exception."""

from annual_report.intake.readers import SUPPORTED_SUFFIXES, discover, read_file
from annual_report.intake.records import FileIntake, RawRecord

__all__ = ["SUPPORTED_SUFFIXES", "FileIntake", "RawRecord", "discover", "read_file"]

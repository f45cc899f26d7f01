"""The files a run writes beside the Word report: statistics.xlsx (statistics_xlsx), statistics.json and
totals.csv (statistics_json), validation.xlsx (validation_xlsx); `formats` names what a later year reads."""

"""The report in report terms: the body, the appendices, the chart and the 工作要点 task coverage, composed
into both editions' document models (annual_report.word.document), which annual_report.word renders."""

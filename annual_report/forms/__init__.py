"""Fill-in workbooks: one .xlsx per unit, generated from the schema that validates what comes back
(`annual-report forms`, generate.py); the intake reads them back (annual_report/intake/forms.py) by the
layout both share (annual_report/intake/form_layout.py)."""

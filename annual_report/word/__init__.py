"""Word output: the GB/T 9704-2012 profile, the OOXML helpers and the report template."""

"""Data shipped with the package: the default metric catalogue."""

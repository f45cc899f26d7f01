"""The kit for reading offices' documents that intake (units' Word reports) and plan import (工作要点) share:
Word text and numbering, unit names, metric names, table headers."""

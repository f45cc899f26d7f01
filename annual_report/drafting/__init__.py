"""Drafting: the units' items become the report's paragraphs (draft.py), as a 文秘 would write them."""

"""Text as offices write it, below everything else: input hygiene, the number and date grammar, sentences,
how alike two texts are, and bounded lists of names."""

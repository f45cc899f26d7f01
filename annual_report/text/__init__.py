"""Text as offices write it, below everything else: input hygiene, the number and date grammar, sentences,
and how alike two texts are."""

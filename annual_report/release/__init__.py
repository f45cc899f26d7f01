"""After the build: what changed between two runs' 公开稿 (Word revisions), the pre-release review
(公开前保密审查) and the web edition. Works on finished run folders; nothing below it imports it."""

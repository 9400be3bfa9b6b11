"""`python -m stancemap.cli`, for environments where the console script is not installed."""

from stancemap.cli import app

app(prog_name="stancemap")

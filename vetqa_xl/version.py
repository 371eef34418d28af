"""The one version source: the package metadata (pyproject.toml reads it) and every file we stamp."""
__version__ = "0.1.0"

"""Where zjtx finds its data: `criteria/` (the law as data) and `assets/` (example companies, the batch
template).

In the repository (and after `pip install -e .`) they sit beside the package: <repo>/criteria,
<repo>/assets. A built wheel (`pip install .`) carries them inside it, as zjtx/criteria and zjtx/assets
(pyproject.toml maps the two folders into the package). The package's own folder wins when it has them,
so an installed copy never reads a stray folder next to site-packages.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `name` ("criteria" or "assets"): inside the installed package, else in the repository."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


CRITERIA_DIR = data_dir("criteria")
ASSETS_DIR = data_dir("assets")

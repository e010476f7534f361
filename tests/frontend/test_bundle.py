"""The committed bundle is the build of the sources as they are (``frontend/build.mjs``)."""

from __future__ import annotations

import hashlib
from pathlib import Path
import re

import pytest

from custom_components.holomat.frontend import BUNDLE, DIST, bundle_version

SOURCES = Path(__file__).parents[2] / "frontend"
SOURCE_FILES = ("build.mjs", "package.json", "package-lock.json", "tsconfig.json")
CHUNK_IMPORT = re.compile(r"""["']\./([\w.-]+\.js)["']""")


def sources_hash() -> str:
    """Return the SHA-256 build.mjs writes in the bundle (each source: path, NUL, bytes, NUL)."""
    paths = [SOURCES / name for name in SOURCE_FILES] + [
        path for path in (SOURCES / "src").rglob("*") if path.is_file()
    ]
    digest = hashlib.sha256()
    for relative in sorted(path.relative_to(SOURCES).as_posix() for path in paths):
        digest.update(f"{relative}\0".encode())
        digest.update((SOURCES / relative).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def test_the_bundle_was_built_from_the_current_sources() -> None:
    header = (DIST / BUNDLE).read_text().splitlines()[0]
    assert f"sources sha256={sources_hash()}" in header, (
        "custom_components/holomat/frontend/dist/ is older than frontend/: "
        "run `npm ci && npm run build` in frontend/ (scripts/setup does) and commit dist/"
    )
    assert bundle_version() == sources_hash()[:12]


def test_every_chunk_is_there_and_nothing_else() -> None:
    files = {path.name for path in DIST.iterdir()}
    imported = {BUNDLE}
    for name in sorted(files):
        imported |= set(CHUNK_IMPORT.findall((DIST / name).read_text()))
    assert imported == files
    # The 3D viewer (three.js) is a chunk of its own, not in the bundle every dashboard loads.
    assert "WebGLRenderer" not in (DIST / BUNDLE).read_text()
    assert any("WebGLRenderer" in (DIST / name).read_text() for name in files - {BUNDLE})


def test_a_bundle_without_its_header_has_no_version(tmp_path: Path) -> None:
    bundle = tmp_path / BUNDLE
    bundle.write_text("console.log('hand-made');\n")
    with pytest.raises(ValueError, match="no sources hash"):
        bundle_version(bundle)

"""The wheel's one build step beyond copying files: the message catalogs are compiled
(.po to .mo) into it, so an installed Vouch speaks every language without `make`.
Everything else is in pyproject.toml."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGS = Path("widget") / "translations"


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        for source in CATALOGS.glob("*/LC_MESSAGES/*.po"):
            target = Path(self.build_lib) / source.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with source.open("rb") as po:
                catalog = read_po(po)
            with target.open("wb") as mo:
                write_mo(mo, catalog)


setup(cmdclass={"build_py": BuildWithCatalogs})

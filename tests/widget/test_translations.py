"""Every text is translated into every language it is offered in, with its
placeholders intact: what reviewers and visitors read (``messages``) in nl, de and fr,
the owner's panel (``admin``) in nl."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
# Each catalog: the folders its texts come from, and its languages.
CATALOGS = {
    "messages": (("widget", "embed"), ("nl", "de", "fr")),
    "admin": (("admin",), ("nl", "de", "fr")),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def source_texts(tmp_path, domain: str) -> dict:
    """Every translatable text of ``domain`` in the code now (not the committed
    template)."""
    pot = tmp_path / f"{domain}.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            *CATALOGS[domain][0],
        ],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as handle:
        return {message.id: message for message in read_po(handle) if message.id}


@pytest.mark.parametrize(
    ("domain", "language"),
    [
        (domain, language)
        for domain, (_, languages) in CATALOGS.items()
        for language in languages
    ],
)
def test_catalog_translates_every_text(tmp_path, domain, language):
    texts = source_texts(tmp_path, domain)
    path = ROOT / "widget" / "translations" / language / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    missing = []
    for msgid in texts:
        message = catalog.get(msgid)
        strings = (
            [message.string]
            if message and isinstance(message.string, str)
            else list(message.string)
            if message
            else []
        )
        if not strings or not all(strings) or (message and message.fuzzy):
            missing.append(msgid)
            continue
        wanted = set(PLACEHOLDER.findall(msgid if isinstance(msgid, str) else msgid[1]))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            # "%(num)s" may be left out where the language says it in words.
            assert found <= wanted and wanted - found <= {"num"}, (msgid, text)
    assert missing == [], f"untranslated in {language}: run `make translations`"


def test_compiled_catalogs_are_used(client, bakery):
    page = client.get("/r/bakery?lang=fr").get_data(as_text=True)
    assert "Écrire un avis" in page

# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Translations: the .pot is what Odoo exports, the .po files cover it.

The .pot is exported by Odoo from the installed addon (``--i18n-export``),
reading a copy of the files the wheel ships: Odoo's export walks every
Python file under the addon's folder, and the clone's ``.devenv/`` holds
virtualenvs and the symlink that makes the clone an addon (a loop).
"""

import configparser
import re
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

from addon_files import is_shipped
from babel.messages.pofile import normalize, read_po

from .common import MODULE, ROOT, STATE, free_port, say, stream
from .odoo_runner import odoo_command, prepare, write_config
from .pgcluster import database_server, drop_database

I18N = ROOT / "i18n"
POT = I18N / f"{MODULE}.pot"
FR_COVERAGE = 0.98

# What a translation must keep: printf and format placeholders, QWeb/Jinja
# expressions, and the tags of view and report terms (by name).
PLACEHOLDER = re.compile(
    r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\{\w*\}|</?[a-zA-Z][\w.:-]*"
)


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def read_terms(path):
    """msgid -> msgstr of a .po/.pot file (fuzzy entries count as untranslated)."""
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    return {
        message.id: "" if message.fuzzy else message.string
        for message in catalog
        if message.id
    }


def stale_terms(committed, exported):
    """(terms the committed .pot lacks, terms it has that the addon dropped)."""
    return sorted(set(exported) - set(committed)), sorted(
        set(committed) - set(exported)
    )


def coverage(template, translations):
    """Share of the template's terms that the .po translates."""
    if not template:
        return 1.0
    done = sum(1 for msgid in template if translations.get(msgid))
    return done / len(template)


def placeholder_errors(translations):
    """Translated terms whose placeholders or tags differ from the original's."""
    return [
        msgid
        for msgid, msgstr in translations.items()
        if msgstr and placeholders(msgid) != placeholders(msgstr)
    ]


def po_entries(text):
    """The header and the entry blocks of a .po/.pot text, as Odoo writes them."""
    head, *entries = text.strip("\n").split("\n\n")
    return head, entries


def entry_msgid(entry):
    with_header = f'msgid ""\nmsgstr ""\n\n{entry}\n'.encode()
    return next(message.id for message in read_po(BytesIO(with_header)) if message.id)


def merged_po(pot_text, lang, translations, keep_untranslated):
    """A .po in the .pot's order and comments, with the known translations;
    terms the .pot dropped are left out."""
    head, entries = po_entries(pot_text)
    head = head.replace(
        '"Plural-Forms: \\n"', f'"Plural-Forms: \\n"\n"Language: {lang}\\n"'
    )
    blocks = []
    for entry in entries:
        msgstr = translations.get(entry_msgid(entry), "")
        if msgstr or keep_untranslated:
            keep = entry[: entry.index("\nmsgstr")]
            blocks.append(f"{keep}\nmsgstr {normalize(msgstr, width=76)}")
    return "\n\n".join([head, *blocks]) + "\n"


def merge_po_files():
    """fr.po gets every term (new ones untranslated); fr_CA.po keeps only
    the terms Québec says its own way."""
    pot_text = POT.read_text()
    for lang, keep_untranslated in (("fr", True), ("fr_CA", False)):
        path = I18N / f"{lang}.po"
        translations = read_terms(path)
        path.write_text(merged_po(pot_text, lang, translations, keep_untranslated))
    share = coverage(read_terms(POT), read_terms(I18N / "fr.po"))
    say(f"i18n/fr.po translates {share:.1%} of the terms")


def shipped_files(root=ROOT):
    """The addon's files as the wheel ships them: tracked or new, not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [
        name
        for name in listed.split("\0")
        if name and is_shipped(name) and (root / name).is_file()
    ]


def export_pot(conf, database, dest, log_path):
    """Odoo's export of the addon's terms, from a copy of its shipped files."""
    with tempfile.TemporaryDirectory(prefix="sws-i18n-") as tmp:
        addon = Path(tmp) / MODULE
        for name in shipped_files():
            target = addon / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
        odoo_paths = [
            path
            for path in _conf_addons_path(conf)
            if not (Path(path) / MODULE).exists()
        ]
        return stream(
            odoo_command(
                conf,
                "-d",
                database,
                f"--addons-path={','.join([tmp, *odoo_paths])}",
                f"--i18n-export={dest}",
                f"--modules={MODULE}",
            ),
            log_path,
        )


def _conf_addons_path(conf):
    options = configparser.ConfigParser()
    options.read(conf)
    return [path.strip() for path in options["options"]["addons_path"].split(",")]


def check_translations(conf, database, tally, log_dir):
    """The test command's check: .pot current, fr.po covered, placeholders kept."""
    exported = log_dir / f"{MODULE}-exported.pot"
    code = export_pot(conf, database, exported, log_dir / "i18n-export.log")
    if code or not exported.exists():
        tally.check("i18n: Odoo exports the addon's terms", False, f"exit {code}")
        return
    template = read_terms(exported)
    lacking, dropped = stale_terms(read_terms(POT), template)
    tally.check(
        "i18n: i18n/sale_work_stage.pot is current",
        not lacking and not dropped,
        "re-export it: python3 scripts/devenv.py i18n\n"
        + "".join(f"  lacks: {msgid!r}\n" for msgid in lacking[:20])
        + "".join(f"  dropped: {msgid!r}\n" for msgid in dropped[:20]),
    )
    for lang in ("fr", "fr_CA"):
        translations = read_terms(I18N / f"{lang}.po")
        unknown = sorted(set(translations) - set(template))
        wrong = placeholder_errors(translations)
        tally.check(
            f"i18n: {lang}.po keeps placeholders and tags, knows only current terms",
            not unknown and not wrong,
            "".join(f"  not in the .pot: {msgid!r}\n" for msgid in unknown[:20])
            + "".join(f"  placeholders differ: {msgid!r}\n" for msgid in wrong[:20]),
        )
    share = coverage(template, read_terms(I18N / "fr.po"))
    say(f"i18n: fr.po translates {share:.1%} of the terms")
    tally.check(
        f"i18n: fr.po translates at least {FR_COVERAGE:.0%} of the terms",
        share >= FR_COVERAGE,
        f"{share:.1%}",
    )


def cmd_i18n(args):
    """Export i18n/sale_work_stage.pot again, from a fresh database, and
    bring the .po files in line with it."""
    odoo_dir = prepare()
    logs = STATE / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with database_server() as server:
        conf = write_config(odoo_dir, server, free_port())
        drop_database(server, args.database)
        code = stream(
            odoo_command(conf, "-d", args.database, "-i", MODULE, "--stop-after-init"),
            logs / "i18n-install.log",
        )
        if not code:
            code = export_pot(conf, args.database, POT, logs / "i18n-export.log")
        drop_database(server, args.database)
    if not code:
        say(f"wrote {POT.relative_to(ROOT)}")
        merge_po_files()
    return code

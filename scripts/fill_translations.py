#!/usr/bin/env python3
"""Fills translations/*.ts from the table in translations/zh_CN.tsv (source<TAB>translation) and
marks English entries as identical to the source. Run after `cmake --build build -t update_translations`."""
import pathlib, re, sys
root = pathlib.Path(__file__).resolve().parent.parent / "translations"
table = {}
for line in (root / "zh_CN.tsv").read_text(encoding="utf-8").splitlines():
    if line.strip() and not line.startswith("#"):
        src, dst = line.split("\t")
        table[src] = dst
missing = []
for ts, lookup in (("hyperlora_studio_zh_CN.ts", table.get), ("hyperlora_studio_en.ts", lambda s: s)):
    p = root / ts
    text = p.read_text(encoding="utf-8")
    def fill(m):
        src, indent = m.group(1), m.group(2)
        dst = lookup(src)
        if dst is None:
            missing.append(src)
            return m.group(0)
        return "<source>%s</source>\n%s<translation>%s</translation>" % (src, indent, dst)
    # Empty entries, and entries lupdate guessed from the same text elsewhere (left "unfinished",
    # which lrelease would drop). Sources may span lines but never hold a raw "<".
    text = re.sub(r'<source>([^<]*)</source>\n(\s*)<translation type="unfinished">[^<]*</translation>', fill, text)
    p.write_text(text, encoding="utf-8")
if missing:
    print("untranslated:", *missing, sep="\n  ")
    sys.exit(1)

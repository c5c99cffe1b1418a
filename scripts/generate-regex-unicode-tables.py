#!/usr/bin/env python3
"""Generates Sources/TimeSeries/Regex/UnicodeTables.swift: the Unicode data Vigil's regex engine needs.

Go's regexp takes general categories, scripts and simple case folding from its `unicode` package (Unicode
15.1 at the time of writing). RE2 (PyPI `google-re2`, module `re2`) is built from the same Unicode version and
knows the same category and script names, so it is the source of truth here:

- every category and script RE2 knows is read by scanning a string of all scalar values with `\\p{Name}+`;
- case folding orbits are read by asking RE2 which scalars `(?i)c` matches, for every scalar that has a case
  mapping in Python's database or a line in CaseFolding.txt (Debian package `unicode-data`, when present),
  and then checked: no scalar outside these orbits folds to one inside them.

Go-only names are derived: `LC` = Lu|Ll|Lt, `Cn` = not in any category, plus the long aliases from
PropertyValueAliases.txt (Letter, Uppercase_Letter, ...), which Go 1.25 accepts.

Usage: pip install google-re2; python3 scripts/generate-regex-unicode-tables.py
"""
import os
import sys

import re2

OUT = os.path.join(os.path.dirname(__file__), "..", "Sources", "TimeSeries", "Regex", "UnicodeTables.swift")

CATEGORIES = ["C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd",
              "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl",
              "Zp", "Zs"]

# The scripts of Unicode 15.1 as Go's unicode.Scripts and RE2 name them.
SCRIPTS = """Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki
Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian
Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan
Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi
Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi
Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki
Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean
Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi
Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong
Ogham Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian
Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi
Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese
Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan
Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square""".split()

# PropertyValueAliases.txt, general category: alias -> category.
ALIASES = {
    "Other": "C", "Control": "Cc", "cntrl": "Cc", "Format": "Cf", "Unassigned": "Cn", "Private_Use": "Co",
    "Surrogate": "Cs", "Letter": "L", "Cased_Letter": "LC", "Lowercase_Letter": "Ll", "Modifier_Letter": "Lm",
    "Other_Letter": "Lo", "Titlecase_Letter": "Lt", "Uppercase_Letter": "Lu", "Mark": "M", "Combining_Mark": "M",
    "Spacing_Mark": "Mc", "Enclosing_Mark": "Me", "Nonspacing_Mark": "Mn", "Number": "N", "Decimal_Number": "Nd",
    "digit": "Nd", "Letter_Number": "Nl", "Other_Number": "No", "Punctuation": "P", "punct": "P",
    "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd", "Close_Punctuation": "Pe", "Final_Punctuation": "Pf",
    "Initial_Punctuation": "Pi", "Other_Punctuation": "Po", "Open_Punctuation": "Ps", "Symbol": "S",
    "Currency_Symbol": "Sc", "Modifier_Symbol": "Sk", "Math_Symbol": "Sm", "Other_Symbol": "So", "Separator": "Z",
    "Line_Separator": "Zl", "Paragraph_Separator": "Zp", "Space_Separator": "Zs",
}

MAX = 0x10FFFF


def index_to_scalar(i):
    return i if i < 0xD800 else i + 0x800


ALL = "".join(chr(c) for c in range(MAX + 1) if not 0xD800 <= c <= 0xDFFF)


def ranges_of(name):
    """Ranges of scalars RE2's \\p{name} matches (surrogates cannot occur in text; Cs is added by hand)."""
    out = []
    for m in re2.finditer(r"\p{%s}+" % name, ALL):
        lo, hi = index_to_scalar(m.start()), index_to_scalar(m.end() - 1)
        if lo < 0xD800 <= hi:  # a run across the surrogate gap is two ranges
            out.append((lo, 0xD7FF))
            out.append((0xE000, hi))
        else:
            out.append((lo, hi))
    return merge(out)


def merge(rs):
    rs = sorted(rs)
    out = []
    for lo, hi in rs:
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def union(*tables):
    return merge([r for t in tables for r in t])


def complement(rs):
    out, nxt = [], 0
    for lo, hi in rs:
        if nxt < lo:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= MAX:
        out.append((nxt, MAX))
    return out


def fold_orbits():
    candidates = set()
    for c in range(MAX + 1):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        if ch.lower() != ch or ch.upper() != ch or ch.casefold() != ch or ch.title() != ch:
            candidates.add(c)
    path = "/usr/share/unicode/CaseFolding.txt"
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.split("#")[0].strip()
            if not line:
                continue
            code, status, mapping = [f.strip() for f in line.split(";")[:3]]
            if status in ("C", "S"):
                candidates.add(int(code, 16))
                candidates.add(int(mapping, 16))
    ordered = sorted(candidates)
    text = "".join(chr(c) for c in ordered)
    orbit = {}
    for c in ordered:
        members = {ord(m.group(0)) for m in re2.finditer("(?i)" + re2.escape(chr(c)), text)}
        members.add(c)
        if len(members) > 1:
            orbit[c] = tuple(sorted(members))
    # Consistency: orbits are symmetric, and nothing outside them folds into them.
    for c, members in orbit.items():
        for m in members:
            assert orbit.get(m) == members, (hex(c), hex(m))
    inside = sorted(orbit)
    klass = "".join("\\x{%X}" % c for c in inside)
    others = re2.compile("(?i)[^%s]" % klass)
    stray = [ord(m.group(0)) for m in others.finditer("".join(chr(c) for c in inside))]
    assert not stray, "scalars outside the orbits fold into them: %s" % [hex(c) for c in stray[:10]]
    return orbit


def render(rs):
    return " ".join("%X" % lo if lo == hi else "%X-%X" % (lo, hi) for lo, hi in rs)


def main():
    tables = {}
    for name in CATEGORIES:
        tables[name] = ranges_of(name)
    # RE2 cannot match surrogates in text; Go's tables hold them in Cs and C.
    tables["Cs"] = [(0xD800, 0xDFFF)]
    tables["C"] = union(tables["C"], tables["Cs"])
    tables["LC"] = union(tables["Lu"], tables["Ll"], tables["Lt"])
    assigned = union(*(tables[n] for n in CATEGORIES if len(n) == 2))
    tables["Cn"] = complement(assigned)
    scripts = {name: ranges_of(name) for name in SCRIPTS}
    orbit = fold_orbits()

    lines = [
        "// Code generated by scripts/generate-regex-unicode-tables.py from RE2 (PyPI google-re2). DO NOT EDIT.",
        "//",
        "// Unicode 15.1, as Go's regexp. Ranges are hexadecimal `lo-hi` or single scalars, separated by spaces;",
        "// they are parsed once, on first use (string literals keep the compiler fast).",
        "",
        "enum UnicodeTables {",
        "    /// General categories, their one-letter unions, `LC` and `Cn`.",
        "    static let categories: [String: String] = [",
    ]
    for name in sorted(tables):
        lines.append('        "%s": "%s",' % (name, render(tables[name])))
    lines += ["    ]", "", "    /// Scripts.", "    static let scripts: [String: String] = ["]
    for name in sorted(scripts):
        lines.append('        "%s": "%s",' % (name, render(scripts[name])))
    lines += ["    ]", "", "    /// Long names and other aliases of general categories (PropertyValueAliases.txt).",
              "    static let categoryAliases: [String: String] = ["]
    for alias in sorted(ALIASES):
        lines.append('        "%s": "%s",' % (alias, ALIASES[alias]))
    lines += ["    ]", "",
              "    /// Simple case folding: each scalar with a non-trivial orbit and the next larger scalar of its",
              "    /// orbit (the smallest after the largest), like Go's `unicode.SimpleFold`; sorted by scalar.",
              "    static let foldOrbitNext: String = \"\"\""]
    row = []
    for c in sorted(orbit):
        members = orbit[c]
        bigger = [m for m in members if m > c]
        nxt = bigger[0] if bigger else members[0]
        row.append("%X:%X" % (c, nxt))
        if len(row) == 12:
            lines.append("        " + " ".join(row))
            row = []
    if row:
        lines.append("        " + " ".join(row))
    lines += ["        \"\"\"", "}", ""]
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print("wrote %s: %d categories, %d scripts, %d folding scalars" % (OUT, len(tables), len(scripts), len(orbit)),
          file=sys.stderr)


if __name__ == "__main__":
    main()

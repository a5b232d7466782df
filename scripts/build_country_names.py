"""Write src/aigov/diplomacy/actors/countries.yaml: ISO 3166 codes with names in en/az/ru from CLDR (Babel).

Run once when Babel's CLDR data changes: `python scripts/build_country_names.py`. The hand-written extras
(aliases, capitals, leaders, ministries) live in actors.yaml beside it and are not touched.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from babel import Locale
from babel.core import get_global

OUT = Path(__file__).resolve().parents[1] / "src/aigov/diplomacy/actors/countries.yaml"
RETIRED_ALPHA3 = {"BUR", "ZAR", "DDR", "FXX", "TMP", "YMD"}  # old codes CLDR still lists as aliases
EXTRA = {"XK": "XKX"}  # Kosovo: user-assigned code used by the EU, IMF and most event data
NOT_COUNTRIES = {"AC", "CP", "DG", "TA", "EU", "XA", "XB"}  # CLDR regions that are no ISO 3166-1 entries


def main() -> None:
    names = {loc: Locale(loc).territories for loc in ("en", "az", "ru")}
    alpha3 = dict(EXTRA)
    for code, targets in get_global("territory_aliases").items():
        if len(code) == 3 and code.isalpha() and len(targets) == 1 and code not in RETIRED_ALPHA3:
            alpha3.setdefault(targets[0], code)
    rows = []
    for iso2, iso3 in sorted(alpha3.items(), key=lambda item: item[1]):
        if iso2 not in names["en"] or not iso2.isalpha() or iso2 in NOT_COUNTRIES:
            continue
        rows.append(
            {"iso3": iso3, "iso2": iso2, **{loc: names[loc].get(iso2, names["en"][iso2]) for loc in names}}
        )
    header = (
        "# ISO 3166-1 countries and territories with their names in English, Azerbaijani and Russian,\n"
        "# generated from Unicode CLDR (through Babel) by scripts/build_country_names.py. Do not edit by\n"
        "# hand: add aliases, capitals and leaders in actors.yaml.\n"
    )
    flow = "".join(
        "- {"
        + ", ".join(
            f"{k}: {yaml.safe_dump(v, allow_unicode=True, default_style=None).strip()}".replace("\n...", "")
            for k, v in row.items()
        )
        + "}\n"
        for row in rows
    )
    OUT.write_text(
        header + "countries:\n" + "".join("  " + line for line in flow.splitlines(True)), encoding="utf-8"
    )
    print(f"{len(rows)} countries -> {OUT}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Independent reference for the place relative need index (capitation-method.md section 3.9).

Written from the specification text with the standard library csv module only, so the TypeScript
implementation is checked against a second reading of the rule rather than against itself.

Usage: need_index.py CSV_PATH QUERIES_JSON
  QUERIES_JSON is a JSON list of {"icb": code or name, "by": column, "component": column}.
Prints a JSON list with one result per query:
  {"icb_code", "icb_name", "icb_pop", "icb_wp", "places": {place: {"practices", "pop", "wp", "rni", "share"}}}
"""
import csv
import json
import sys


def load(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def place_index(rows, icb, by, component):
    key = icb.strip().lower()
    mine = [r for r in rows if r["ICS22"].lower() == key or r["ICS22name"].lower() == key]
    if not mine:
        raise SystemExit("unknown ICB " + icb)
    # Step 2: sum practice rows per place and for the ICB, then round each sum to a whole number.
    pops, wps, counts = {}, {}, {}
    icb_pop_raw = 0.0
    icb_wp_raw = 0.0
    for r in mine:
        place = r[by]
        pop = float(r["pop 2022/23"])
        wp = float(r[component])
        pops[place] = pops.get(place, 0.0) + pop
        wps[place] = wps.get(place, 0.0) + wp
        counts[place] = counts.get(place, 0) + 1
        icb_pop_raw += pop
        icb_wp_raw += wp
    icb_pop = round(icb_pop_raw)
    icb_wp = round(icb_wp_raw)
    places = {}
    for place in pops:
        pop = round(pops[place])
        wp = round(wps[place])
        # Step 3: index relative to the ICB and the place's share of ICB need.
        places[place] = {
            "practices": counts[place],
            "pop": pop,
            "wp": wp,
            "rni": (wp / pop) / (icb_wp / icb_pop),
            "share": wp / icb_wp,
        }
    return {
        "icb_code": mine[0]["ICS22"],
        "icb_name": mine[0]["ICS22name"],
        "icb_pop": icb_pop,
        "icb_wp": icb_wp,
        "places": places,
    }


def main():
    rows = load(sys.argv[1])
    queries = json.loads(sys.argv[2])
    out = [place_index(rows, q["icb"], q["by"], q["component"]) for q in queries]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

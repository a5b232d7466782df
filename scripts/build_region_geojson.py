"""Build the dashboard's map of Azerbaijan's 14 economic regions from geoBoundaries' district boundaries.

Reads the geoBoundaries ADM2 TopoJSON (79 districts and cities, CC BY-SA 3.0), places every district in
its economic region (src/aigov/reference/regions.yaml, through the name mapping below), dissolves the
districts of each region by dropping the arcs two of its districts share (the TopoJSON "merge"), stitches
the remaining arcs into rings, and writes one GeoJSON Feature per region (id = region code) with
coordinates rounded to 4 decimals. Rings are wound the way d3-geo (Plotly's ``choropleth``) expects:
outer rings clockwise, holes counter-clockwise.

    .venv/bin/python scripts/build_region_geojson.py \
        [--topojson /work/shared/data/reference/geo/geoBoundaries-AZE-ADM2_simplified.topojson] \
        [--out src/aigov/web/static/geo/economic_regions.geojson]

Prints each region's area check (dissolved rings vs. the sum of its districts) and any district it could
not place; exits with status 1 if one is left unplaced or an area check fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT.parent / "shared" / "data" / "reference" / "geo"
DEFAULT_TOPOJSON = GEO / "geoBoundaries-AZE-ADM2_simplified.topojson"
DEFAULT_OUT = ROOT / "src" / "aigov" / "web" / "static" / "geo" / "economic_regions.geojson"
REGIONS = ROOT / "src" / "aigov" / "reference" / "regions.yaml"
DECIMALS = 4

# geoBoundaries' English exonyms whose slug differs from the district code in regions.yaml. Cities cut out
# of a district (as holes) go to that district: they share its economic region.
NAME_TO_DISTRICT: dict[str, str] = {
    "Siazan District": "siyazan",
    "Qusar District": "gusar",
    "Quba District": "guba",
    "Sumqayit City": "sumgayit_city",
    "Qabala District": "gabala",
    "Ismailli District": "ismayilli",
    "Oghuz District": "oguz",
    "Shusha City": "shusha",
    "Yevlakh City": "yevlakh",
    "Shaki City": "sheki",
    "Shaki District": "sheki",
    "Lankaran City": "lankaran",
    "Qakh District": "gakh",
    "Zaqatala District": "zagatala",
    "Masally District": "masalli",
    "Yardymli District": "yardimli",
    "Saatly District": "saatli",
    "Agdam District": "aghdam",
    "Qazakh District": "gazakh",
    "Khojavend District": "khojavand",
    "Qubadli District": "gubadli",
}

Point = tuple[float, float]
Ring = list[Point]


def slug(name: str) -> str:
    """'Ganja City' → 'ganja_city', 'Agsu District' → 'agsu' (the regions.yaml code style)."""
    words = name.split()
    if words[-1] == "District":
        words = words[:-1]
    return "_".join(words).lower()


def district_regions(path: Path = REGIONS) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(district code → region code, region code → names) from regions.yaml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where: dict[str, str] = {}
    names: dict[str, dict[str, str]] = {}
    for region in data["economic_regions"]:
        names[region["code"]] = dict(region["names"])
        for district in region["districts"]:
            where[district["code"]] = region["code"]
    return where, names


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Absolute longitude/latitude points of every arc (quantized, delta-encoded in the file)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons_of(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """Each polygon of a geometry as its rings of (signed) arc indices."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    raise ValueError(f"unexpected geometry type {geometry['type']}")


def arc_points(arcs: list[list[Point]], index: int) -> list[Point]:
    """The points of arc ``index``; a negative index (~i) is arc i reversed."""
    return list(reversed(arcs[~index])) if index < 0 else arcs[index]


def signed_area(ring: Ring) -> float:
    """Planar shoelace area in square degrees: positive for counter-clockwise rings."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))


def ring_of(arcs: list[list[Point]], indices: list[int]) -> Ring:
    points: Ring = []
    for index in indices:
        part = arc_points(arcs, index)
        points.extend(part if not points else part[1:])
    return points


def dissolve(arcs: list[list[Point]], rings: list[list[int]]) -> list[Ring]:
    """The boundary rings of the union of ``rings``: arcs used by two of them (internal borders) dropped,
    the rest stitched end to start."""
    uses: dict[int, int] = defaultdict(int)
    for ring in rings:
        for index in ring:
            uses[index if index >= 0 else ~index] += 1
    outer = [index for ring in rings for index in ring if uses[index if index >= 0 else ~index] == 1]
    by_start: dict[Point, list[int]] = defaultdict(list)
    for index in outer:
        by_start[arc_points(arcs, index)[0]].append(index)
    left = set(outer)
    result: list[Ring] = []
    for first in outer:
        if first not in left:
            continue
        chain = [first]
        left.discard(first)
        start = arc_points(arcs, first)[0]
        end = arc_points(arcs, first)[-1]
        while end != start:
            following = next((i for i in by_start[end] if i in left), None)
            if following is None:
                raise ValueError("a boundary does not close: the topology has a gap")
            chain.append(following)
            left.discard(following)
            end = arc_points(arcs, following)[-1]
        result.append(ring_of(arcs, chain))
    return result


def contains(ring: Ring, point: Point) -> bool:
    """Even-odd point-in-ring test."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def assemble(rings: list[Ring]) -> list[list[Ring]]:
    """Polygons (outer ring, then its holes) from loose rings: the larger-area orientation is outer.

    A ring is a hole when another ring contains it an odd number of times.
    """
    polygons: list[list[Ring]] = []
    holes: list[Ring] = []
    for ring in rings:
        depth = sum(contains(other, ring[0]) for other in rings if other is not ring)
        (holes if depth % 2 else polygons).append(ring)
    polygons = [[outer] for outer in polygons]
    for hole in holes:
        owners = [p for p in polygons if contains(p[0], hole[0])]
        owner = min(owners, key=lambda p: abs(signed_area(p[0])))  # the innermost outer ring around it
        owner.append(hole)
    return polygons


def wind(polygon: list[Ring]) -> list[list[list[float]]]:
    """d3-geo winding (outer clockwise, holes counter-clockwise), closed, rounded, repeated points dropped."""
    out = []
    for position, ring in enumerate(polygon):
        clockwise = signed_area(ring) < 0
        if clockwise != (position == 0):
            ring = list(reversed(ring))
        rounded: list[list[float]] = []
        for x, y in ring:
            point = [round(x, DECIMALS), round(y, DECIMALS)]
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if rounded[0] != rounded[-1]:
            rounded.append(rounded[0])
        out.append(rounded)
    return out


def polygon_area(polygon: list[Ring]) -> float:
    return abs(signed_area(polygon[0])) - sum(abs(signed_area(hole)) for hole in polygon[1:])


def build(topojson: Path) -> tuple[dict[str, Any], list[str], list[str]]:
    """(the FeatureCollection, names of districts not placed, report lines)."""
    topology = json.loads(topojson.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    where, region_names = district_regions()
    (collection,) = topology["objects"].values()
    rings_by_region: dict[str, list[list[int]]] = defaultdict(list)
    area_by_region: dict[str, float] = defaultdict(float)
    unplaced: list[str] = []
    for geometry in collection["geometries"]:
        name = geometry["properties"]["shapeName"]
        district = NAME_TO_DISTRICT.get(name, slug(name))
        region = where.get(district)
        if region is None:
            unplaced.append(name)
            continue
        for polygon in polygons_of(geometry):
            rings_by_region[region].extend(polygon)
            area_by_region[region] += polygon_area([ring_of(arcs, ring) for ring in polygon])
    features = []
    report = []
    for region in region_names:
        polygons = assemble(dissolve(arcs, rings_by_region[region]))
        area = sum(polygon_area(p) for p in polygons)
        expected = area_by_region[region]
        ok = expected > 0 and abs(area - expected) <= 1e-9 * max(1.0, expected) + 1e-12
        report.append(f"{region:22} {len(polygons):2} polygon(s)  area {area:.6f} vs districts {expected:.6f}"
                      f"  {'ok' if ok else 'MISMATCH'}")
        if not ok:
            unplaced.append(f"area check failed for {region}")
        features.append({
            "type": "Feature",
            "id": region,
            "properties": {"code": region, "name_az": region_names[region]["az"],
                           "name_en": region_names[region]["en"]},
            "geometry": {"type": "MultiPolygon", "coordinates": [wind(p) for p in polygons]},
        })
    return {"type": "FeatureCollection", "features": features}, unplaced, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topojson", type=Path, default=DEFAULT_TOPOJSON)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.topojson.is_file():
        print(f"no such file: {args.topojson}", file=sys.stderr)
        return 2
    collection, unplaced, report = build(args.topojson)
    print("\n".join(report))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {len(collection['features'])} regions)")
    if unplaced:
        print("not placed: " + "; ".join(unplaced), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The economic regions map file the project ships, and the script that builds it from district boundaries."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from aigov.reference.service import region_names

ROOT = Path(__file__).resolve().parents[2]
GEOJSON = ROOT / "src" / "aigov" / "web" / "static" / "geo" / "economic_regions.geojson"


def build_module():  # type: ignore[no-untyped-def]
    path = ROOT / "scripts" / "build_region_geojson.py"
    spec = importlib.util.spec_from_file_location("build_region_geojson", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_shipped_map_has_the_14_regions_small_and_wound_for_d3() -> None:
    build = build_module()
    assert GEOJSON.stat().st_size < 300_000
    assert (GEOJSON.parent / "LICENSE.md").read_text(encoding="utf-8").count("CC BY-SA 3.0") >= 1
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    assert sorted(f["id"] for f in features) == sorted(region_names())
    for feature in features:
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for position, ring in enumerate(polygon):
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(44.7 < x < 50.9 and 38.3 < y < 42.0 for x, y in ring)  # Azerbaijan's extent
                area = build.signed_area([tuple(p) for p in ring])
                assert (area < 0) == (position == 0), f"{feature['id']}: outer rings clockwise, holes not"


def test_districts_sharing_a_border_dissolve_into_one_ring() -> None:
    build = build_module()
    # Two unit squares side by side; arc 0 is the border they share, arcs 1 and 2 their other sides.
    arcs = [[(1.0, 0.0), (1.0, 1.0)],
            [(1.0, 1.0), (0.0, 1.0), (0.0, 0.0), (1.0, 0.0)],
            [(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0)]]
    rings = build.dissolve(arcs, [[0, 1], [2, ~0]])
    assert len(rings) == 1
    assert abs(build.signed_area(rings[0])) == 2.0
    (polygon,) = build.assemble(rings)
    assert build.wind(polygon)[0][0] == build.wind(polygon)[0][-1]


def test_a_city_inside_a_district_of_another_region_stays_a_hole() -> None:
    build = build_module()
    outer = [(0.0, 0.0), (0.0, 3.0), (3.0, 3.0), (3.0, 0.0), (0.0, 0.0)]
    hole = [(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0), (1.0, 1.0)]
    (polygon,) = build.assemble([outer, hole])
    assert len(polygon) == 2 and build.polygon_area(polygon) == 8.0


def test_every_geoboundaries_name_is_mapped_to_a_known_district() -> None:
    build = build_module()
    where, _names = build.district_regions()
    assert set(build.NAME_TO_DISTRICT.values()) <= set(where)
    assert build.slug("Ganja City") == "ganja_city" and build.slug("Agsu District") == "agsu"

"""`import_file`: counts, deduplication, unknown actors, rejected rows; what is stored."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from aigov.db.engine import session_factory
from aigov.diplomacy.events.ingest import import_file
from aigov.diplomacy.events.models import Event, EventImport

from ..conftest import ICEWS_HEADER, gdelt_line

ROWS = [
    ("Ilham Aliyev", "Make statement", "Citizen (Armenia)", "2020-01-05"),
    ("Police (Armenia)", "Arrest, detain, or charge with legal action", "Protester (Armenia)", "2020-01-06"),
    ("Zorblax Quux", "Criticize or denounce", "Armenia", "2020-02-01"),
    ("Zorblax Quux", "Consult", "UN Security Council", "2020-02-02"),
    ("Azerbaijan", "fight with small arms and light weapons", "Armenia", "2020-02-03"),
]


def test_import_reports_counts_and_unknown_actors_then_reimport_stores_nothing(db, write_kg) -> None:
    path = write_kg(ROWS)
    first = import_file(session_factory(), path)
    assert (first.file_format, first.rows_read, first.stored, first.duplicates, first.rejected) == (
        "icews_kg",
        5,
        5,
        0,
        0,
    )
    assert first.unresolved == 2 and first.unknown_actors == {"Zorblax Quux": 2}
    again = import_file(session_factory(), path)
    assert (again.rows_read, again.stored, again.duplicates) == (5, 0, 5)
    assert db.scalar(select(func.count(Event.id))) == 5
    imports = db.scalars(select(EventImport).order_by(EventImport.id)).all()
    assert [(i.status, i.stored, i.duplicates) for i in imports] == [("done", 5, 0), ("done", 0, 5)]


def test_stored_events_carry_code_quadclass_goldstein_and_countries(db, write_kg) -> None:
    import_file(session_factory(), write_kg(ROWS))
    fight = db.scalars(select(Event).where(Event.cameo_code == "193")).one()
    assert (fight.source_country, fight.target_country, fight.quad_class, fight.goldstein) == (
        "AZE",
        "ARM",
        4,
        -10.0,
    )
    assert (fight.month, fight.root_code, fight.source_format) == (202002, "19", "icews_kg")
    igo = db.scalars(select(Event).where(Event.cameo_code == "040")).one()
    assert (igo.source_country, igo.target_country) == (None, None)


def test_the_knowledge_graph_sample_is_deduplicated_on_date_source_event_and_target(db, write_kg) -> None:
    rows = [
        ROWS[0],
        ROWS[0],
        (*ROWS[0][:3], "2020-01-06"),
        ("ilham aliyev", "Make statement", "Citizen (Armenia)", "2020-01-05"),
    ]
    report = import_file(session_factory(), write_kg(rows))
    assert (report.stored, report.duplicates) == (2, 2)


def test_icews_ids_are_unique_only_with_their_date(db, tmp_path: Path) -> None:
    def row(event_id: str, day: str) -> str:
        return (
            f"{event_id}\t{day}\tIlham Aliyev\tExecutive\tAzerbaijan\tMake statement\t010\t0.0\t"
            "Citizen (Armenia)\tGeneral Population\tArmenia\t1\t1\tTrend\tBaku\t\tBaku\tAzerbaijan\t40\t49"
        )

    path = tmp_path / "events.2015.tab"
    path.write_text(
        "\n".join([ICEWS_HEADER, row("7", "2015-06-01"), row("7", "2015-06-02"), row("7", "2015-06-01")])
        + "\n",
        encoding="utf-8",
    )
    report = import_file(session_factory(), path)
    assert (report.file_format, report.stored, report.duplicates) == ("icews", 2, 1)


def test_gdelt_events_are_deduplicated_on_their_global_id(db, tmp_path: Path) -> None:
    lines = [
        gdelt_line(1, "20160727", ("AZE", "AZERBAIJAN", "AZE"), ("ARM", "ARMENIA", "ARM"), "190", -10.0, 4),
        gdelt_line(1, "20160727", ("AZE", "AZERBAIJAN", "AZE"), ("ARM", "ARMENIA", "ARM"), "190", -10.0, 4),
        gdelt_line(2, "20160727", ("COP", "POLICE", ""), ("", "", ""), "173", -5.0, 4),
    ]
    path = tmp_path / "20160728.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(session_factory(), path)
    assert (report.file_format, report.stored, report.duplicates, report.unresolved) == ("gdelt", 2, 1, 0)


def test_rejected_rows_are_counted_and_listed_and_the_good_ones_kept(db, write_kg) -> None:
    rows = [ROWS[0], ("China", "Consult", "Japan", "not a date"), ROWS[1]]
    report = import_file(session_factory(), write_kg(rows))
    assert (report.stored, report.rejected, report.rejected_rows) == (2, 1, [(3, "missing or invalid date")])


def test_acled_actors_resolve_by_name_or_else_by_the_event_country(db, tmp_path: Path) -> None:
    from ..conftest import ACLED_HEADER

    def row(event_id: str, actor1: str, actor2: str) -> str:
        return (
            f"{event_id},12 September 2022,2022,1,Political violence,Battles,Armed clash,{actor1},,1,"
            f"{actor2},,1,11,,51,Caucasus and Central Asia,Armenia,Syunik,,,Jermuk,39.8,45.6,1,Src,National,"
            "notes,2,,1663000000"
        )

    path = tmp_path / "acled.csv"
    path.write_text(
        "\n".join(
            [
                ACLED_HEADER,
                row("ARM1", "Military Forces of Azerbaijan (2003-)", "Military Forces of Armenia (2018-)"),
                row("ARM2", "Unidentified Armed Group", ""),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    report = import_file(session_factory(), path)
    assert (report.file_format, report.stored, report.unresolved) == ("acled", 2, 0)
    events = {e.external_id: e for e in db.scalars(select(Event))}
    assert (events["ARM1"].source_country, events["ARM1"].target_country, events["ARM1"].location) == (
        "AZE",
        "ARM",
        "ARM",
    )
    assert (events["ARM1"].cameo_code, events["ARM1"].quad_class, events["ARM1"].fatalities) == ("193", 4, 2)
    assert (events["ARM2"].source_country, events["ARM2"].target_country) == ("ARM", None)

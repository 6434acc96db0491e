#!/usr/bin/env python3
"""Deterministic benchmark dataset in rightsbrief's own schema.

    generate.py SIZE DB        SIZE is tiny, S or L; DB must have been created by `rightsbrief init`

Sizes (facilities / facts / sources with ~2 KB captured text / events):
    tiny     20 /       500 /     50 /     20
    test    100 /    10,000 /    100 /     50   (the interruption tests' size)
    S     1,000 /   100,000 /  5,000 /  1,000
    L    10,000 / 1,000,000 / 50,000 / 10,000

Realistic text: non-ASCII names, commas, quotes and newlines in a small share of values,
formula-looking quotes, three sensitivities, corrections and retractions. The same SIZE always
gives the same rows (random.Random with a fixed seed, fixed timestamps).
"""
import hashlib
import random
import sqlite3
import sys

SIZES = {
    "tiny": (20, 500, 50, 20),
    "test": (100, 10_000, 100, 50),
    "S": (1_000, 100_000, 5_000, 1_000),
    "L": (10_000, 1_000_000, 50_000, 10_000),
}
COUNTRIES = ["SV", "US", "MX", "GT", "HN", "BR", "CO", "PE", "AR", "CL", "GB", "FR", "ES", "IT", "TR"]
NAME_PARTS = ["Centro Penal", "Prisión", "Détention", "Penitenciária", "Cárcel", "Correctional Center",
              "Établissement", "Zentrum", "Colonia", "Şehir Cezaevi", "Ośrodek", "Reclusorio"]
PLACES = ["San Vicente", "Tecoluca", "Izalco", "Apanteos", "Mariona", "Zacatecoluca", "Cojutepeque",
          "Lumpkin", "Ocilla", "Folkston", "São Paulo", "Bogotá", "Île-de-France", "Kraków", "İzmir"]
WORDS = ("detainees reported overcrowding sanitation water ventilation heat cells guards visit denied "
         "inspection report témoignage agua potable hacinamiento celda calor ventilación sanitarios "
         "derechos humanos família visita negada relatório inspeção").split()
COUNTS = ["design_capacity", "population", "toilets", "deaths_in_custody"]
MEASURES = ["floor_area_m2", "water_litres_per_person_day"]
CONDITIONS = ["sanitation", "potable_water", "temperature_control", "ventilation"]
LEVELS = ["adequate", "inadequate", "absent", "unknown"]
UNITS = {"design_capacity": "persons", "population": "persons", "deaths_in_custody": "persons",
         "toilets": "toilets", "floor_area_m2": "m2", "water_litres_per_person_day": "litres/person/day"}
STAMP = "2025-06-01T00:00:00.000Z"


def sensitivity(rng, restricted, confidential):
    x = rng.random()
    return "confidential" if x < confidential else "restricted" if x < confidential + restricted else "public"


def text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words))


def tricky(rng, base):
    """A small share of values get commas, quotes, newlines or a formula-looking start."""
    x = rng.random()
    if x < 0.02:
        return f'{base}, "quoted"\nsecond line'
    if x < 0.03:
        return "=" + base
    if x < 0.04:
        return f"{base}; -1+2 @ref"
    return base


def main():
    size, path = sys.argv[1], sys.argv[2]
    facilities, facts, sources, events = SIZES[size]
    rng = random.Random(20250203)
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.executemany(
            "INSERT INTO facility (id, name, country, region, kind, authority, createdAt, updatedAt) VALUES (?,?,?,?,?,?,?,?)",
            ((f"fac-{i:05d}", tricky(rng, f"{rng.choice(NAME_PARTS)} {rng.choice(PLACES)} {i}"),
              rng.choice(COUNTRIES), rng.choice(PLACES), rng.choice(["prison", "immigration-detention", "police-cell", "juvenile", "other"]),
              rng.choice(["Ministerio de Justicia", "Bureau of Prisons", "Direction de l'administration pénitentiaire", None]),
              STAMP, STAMP) for i in range(facilities)))

        def source_rows():
            for i in range(sources):
                body = text(rng, 300)  # ~2 KB
                url = None if rng.random() < 0.05 else f"https://news.example.org/{i}/{rng.choice(PLACES).replace(' ', '-')}"
                yield (f"src-{i:05d}", url, tricky(rng, f"Informe {i}: {text(rng, 6)}"), rng.choice(["PBS", "CNN", "El Faro", "Reuters", "Le Monde", "ONG Cristosal"]),
                       f"20{rng.randint(15, 25):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                       rng.choice(["news", "ngo-report", "official", "testimony", "dataset"]),
                       sensitivity(rng, 0.03, 0.02), body, hashlib.sha256(body.encode()).hexdigest(), STAMP)
        db.executemany(
            "INSERT INTO source (id, url, title, publisher, publishedOn, kind, sensitivity, text, textSHA256, createdAt) VALUES (?,?,?,?,?,?,?,?,?,?)",
            source_rows())

        last = {}
        fact_rows, link_rows, retractions = [], [], []
        for fid in range(1, facts + 1):
            facility = f"fac-{rng.randrange(facilities):05d}"
            attribute = rng.choice(COUNTS + MEASURES + CONDITIONS)
            number, level = None, None
            if attribute in CONDITIONS:
                level = rng.choice(LEVELS)
            elif attribute in COUNTS:
                number = float(rng.randint(0, 60_000))
            else:
                # Within the attribute bounds (Attribute.upperBound): water is litres per person.
                number = round(rng.uniform(0, 50_000 if attribute == "floor_area_m2" else 200), 1)
            supersedes = None
            key = (facility, attribute)
            if key in last and rng.random() < 0.03:
                supersedes = last[key]
            last[key] = fid
            quote = tricky(rng, text(rng, rng.randint(5, 25))) if rng.random() < 0.4 else None
            fact_rows.append((fid, facility, attribute, number, level, "level" if level else UNITS[attribute],
                              f"20{rng.randint(15, 25):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                              rng.choice(["reported"] * 8 + ["verified", "disputed"]), sensitivity(rng, 0.05, 0.03),
                              quote, supersedes, STAMP))
            chosen = rng.sample(range(sources), 2 if rng.random() < 0.3 else 1)
            for position, s in enumerate(chosen):
                link_rows.append((fid, f"src-{s:05d}", position))
            if rng.random() < 0.01:
                retractions.append((fid, "The source corrected this figure.", STAMP))
        db.executemany(
            "INSERT INTO fact (id, facilityId, attribute, valueNumber, valueLevel, unit, asOf, status, sensitivity, quote, supersedesId, recordedAt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            fact_rows)
        db.executemany("INSERT INTO factSource (factId, sourceId, position) VALUES (?,?,?)", link_rows)
        db.executemany("INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (?,?,?)", retractions)

        db.executemany(
            "INSERT INTO event (id, date, title, sensitivity, recordedAt) VALUES (?,?,?,?,?)",
            ((f"ev-{i:05d}", f"20{rng.randint(15, 25):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
              tricky(rng, f"Event {i}: {text(rng, 8)}"), sensitivity(rng, 0.05, 0.02), STAMP) for i in range(events)))
        db.executemany("INSERT INTO eventFacility (eventId, facilityId) VALUES (?,?)",
                       ((f"ev-{i:05d}", f"fac-{(i * 7) % facilities:05d}") for i in range(events)))
        db.executemany("INSERT INTO eventSource (eventId, sourceId) VALUES (?,?)",
                       ((f"ev-{i:05d}", f"src-{(i * 13) % sources:05d}") for i in range(events)))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ANALYZE")
    db.close()


if __name__ == "__main__":
    main()

"""Places: counties, townships, villages, their party schools and rooms, and field teaching sites."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from scheduler.domain.records import Block, Site, Township, Venue
from scheduler.domain.values import Tier, TimeRule, VenueKind
from scheduler.generate.names import COUNTY_STEMS, TOWNSHIP_STEMS, VILLAGE_PREFIXES, VILLAGE_SUFFIXES
from scheduler.generate.sizes import Size

COUNTY_BLOCKS = (Block(name="上午", start=dt.time(8, 30), end=dt.time(11, 30)),
                 Block(name="下午", start=dt.time(14, 30), end=dt.time(17, 30)))
TOWNSHIP_BLOCKS = (Block(name="上午", start=dt.time(9, 0), end=dt.time(11, 30)),
                   Block(name="下午", start=dt.time(14, 30), end=dt.time(17, 0)))
EVENING_BLOCKS = ((dt.time(19, 30), dt.time(21, 0)), (dt.time(19, 0), dt.time(20, 30)),
                  (dt.time(18, 30), dt.time(20, 0)))
NOON_BLOCK = Block(name="午间", start=dt.time(12, 0), end=dt.time(13, 30))

COUNTY_FIELD_KINDS = (("hongse", "红色教育基地", ("红色文化", "党性教育")),
                      ("lianzheng", "廉政教育基地", ("廉政文化",)),
                      ("zhenxing", "乡村振兴示范园", ("乡村振兴", "实用技术")))
VILLAGE_FIELD_KINDS = (("党建示范", ("党建实务", "党性教育")),
                       ("产业基地", ("乡村振兴", "实用技术")),
                       ("红色遗址", ("红色文化", "党性教育")))


@dataclass
class County:
    index: int
    pinyin: str
    name: str
    townships: list[Township]
    seat: Township
    site: Site
    hall: Venue
    villages: list[tuple[str, str, Township]]  # id, name, township


class Places:
    """Every place of the instance, drawn county by county, with the lookups the planner needs."""

    def __init__(self, rng: random.Random, size: Size):
        self.rng = rng
        self.size = size
        self.townships: list[Township] = []
        self.sites: list[Site] = []
        self.venues: list[Venue] = []
        self.counties: list[County] = []
        self.neighbours: dict[str, list[str]] = {}
        self.site_venues: dict[str, list[Venue]] = defaultdict(list)
        self.field_venues: dict[str, list[Venue]] = defaultdict(list)  # township id -> field sites
        self.county_fields: dict[int, list[Venue]] = defaultdict(list)  # every field site of a county
        self.field_topics: dict[str, tuple[str, ...]] = {}  # field site id -> topics it illustrates

    def build(self) -> None:
        rng, size = self.rng, self.size
        county_stems = rng.sample(COUNTY_STEMS, size.counties)
        township_stems = rng.sample(TOWNSHIP_STEMS, size.counties * size.townships)
        village_names = [(p[0] + s[0], p[1] + s[1]) for p in VILLAGE_PREFIXES for s in VILLAGE_SUFFIXES]
        village_names = rng.sample(village_names, size.counties * size.villages)
        for ci, (cpy, cname) in enumerate(county_stems):
            townships = self._townships(township_stems[ci * size.townships:(ci + 1) * size.townships])
            seat = townships[0]
            county_name = cname + "县"
            site, hall = self._county_school(cpy, county_name, seat)
            self._county_fields(ci, cpy, county_name, townships)
            for township in townships:
                self._township_school(township)
            n = len(townships)
            villages: list[tuple[str, str, Township]] = []
            for vi, (vpy, vname) in enumerate(village_names[ci * size.villages:(ci + 1) * size.villages]):
                villages.append((vpy, vname + "村", townships[vi % n]))
            for township in townships:
                self._village_fields(ci, township, villages)
            for vpy, vname, township in villages:
                self._night_school(vpy, vname, township)
            self.counties.append(County(ci, cpy, county_name, townships, seat, site, hall, villages))

    def _townships(self, stems) -> list[Township]:
        townships = []
        for ti, (tpy, tname) in enumerate(stems):
            suffix = "街道" if ti == 0 else self.rng.choice(("镇", "镇", "乡"))
            townships.append(Township(id=tpy, name=tname + suffix))
        self.townships += townships
        n = len(townships)
        for ti, township in enumerate(townships):
            ring = [townships[(ti - 1) % n].id, townships[(ti + 1) % n].id] if n > 1 else []
            self.neighbours[township.id] = [x for x in dict.fromkeys(ring) if x != township.id]
        return townships

    def _county_school(self, cpy: str, county_name: str, seat: Township) -> tuple[Site, Venue]:
        rng = self.rng
        site = Site(id=f"dx-{cpy}", name=f"中共{county_name}委党校", tier=Tier.COUNTY,
                    township=seat.id, blocks=list(COUNTY_BLOCKS))
        self.sites.append(site)
        rooms = sorted(rng.sample((120, 120, 100, 100, 100, 80, 80, 80, 60), self.size.county_tracks + 2),
                       reverse=True)
        for k, capacity in enumerate(rooms, start=1):
            self.add_venue(Venue(id=f"{site.id}-js{k}", name=f"第{k}教室", kind=VenueKind.CLASSROOM,
                                 site=site.id, capacity=capacity))
        hall = self.add_venue(Venue(id=f"{site.id}-bgt", name="报告厅", kind=VenueKind.HALL, site=site.id,
                                    capacity=rng.choice((300, 400, 500))))
        return site, hall

    def _county_fields(self, ci: int, cpy: str, county_name: str, townships: list[Township]) -> None:
        """County-level field sites (red bases are closed on Mondays)."""
        rng = self.rng
        for kind, topic_name, topics in COUNTY_FIELD_KINDS:
            where = rng.choice(townships)
            unavailable = [TimeRule(weekdays=[1], note="周一闭馆")] if kind == "hongse" else []
            venue = self.add_venue(Venue(id=f"xc-{cpy}-{kind}", name=f"{county_name}{topic_name}",
                                         kind=VenueKind.FIELD, township=where.id,
                                         capacity=rng.choice((120, 150, 200)), unavailable=unavailable))
            self.county_fields[ci].append(venue)
            self.field_topics[venue.id] = topics

    def _township_school(self, township: Township) -> None:
        rng = self.rng
        tsite = Site(id=f"zx-{township.id}", name=f"{township.name}党校", tier=Tier.TOWNSHIP,
                     township=township.id, blocks=list(TOWNSHIP_BLOCKS))
        self.sites.append(tsite)
        self.add_venue(Venue(id=f"{tsite.id}-hys", name=f"{township.name}党群服务中心会议室", kind=VenueKind.HALL,
                             site=tsite.id, capacity=rng.choice((100, 120, 150))))
        self.add_venue(Venue(id=f"{tsite.id}-js", name=f"{township.name}党校教室", kind=VenueKind.CLASSROOM,
                             site=tsite.id, capacity=rng.choice((60, 70, 80))))

    def _village_fields(self, ci: int, township: Township, villages: list[tuple[str, str, Township]]) -> None:
        """Field teaching sites in some villages of a township."""
        rng = self.rng
        own = [v for v in villages if v[2].id == township.id]
        for vpy, vname, _ in own[: rng.choice((1, 1, 2))]:
            kind, topics = rng.choice(VILLAGE_FIELD_KINDS)
            venue = self.add_venue(Venue(id=f"xc-{vpy}", name=f"{vname}现场教学点（{kind}）",
                                         kind=VenueKind.FIELD, township=township.id,
                                         capacity=rng.choice((60, 80, 100, 150))))
            self.county_fields[ci].append(venue)
            self.field_topics[venue.id] = topics

    def _night_school(self, vpy: str, vname: str, township: Township) -> None:
        rng = self.rng
        if rng.random() < 0.03:
            blocks = [NOON_BLOCK]
        else:
            start, end = rng.choice(EVENING_BLOCKS)
            blocks = [Block(name="晚上", start=start, end=end)]
        weekdays = [1, 2, 3, 4] if rng.random() < 0.6 else [1, 2, 3, 4, 5]
        vsite = Site(id=f"yx-{vpy}", name=f"{vname}农民夜校", tier=Tier.VILLAGE, township=township.id,
                     blocks=blocks, weekdays=weekdays)
        self.sites.append(vsite)
        self.add_venue(Venue(id=f"{vsite.id}-hds", name=f"{vname}党群活动室", kind=VenueKind.CLASSROOM,
                             site=vsite.id, capacity=rng.choice((50, 60, 80, 100))))

    def add_venue(self, venue: Venue) -> Venue:
        self.venues.append(venue)
        if venue.kind is VenueKind.FIELD:
            self.field_venues[venue.township].append(venue)
        else:
            self.site_venues[venue.site].append(venue)
        return venue

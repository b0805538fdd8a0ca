"""The rows of every sheet → the instance's data, as the YAML reader would give it: ids filled in
(derived from names where blank), references by name turned into ids, blocks, obligations,
curricula and time rules gathered under their records; and the place each part was read from.
"""

from __future__ import annotations

from scheduler.workbook import messages as say
from scheduler.workbook.cells import CellProblem, known_items
from scheduler.workbook.columns import CHOICES, NAMED, SHEET_BY_KEY, SHEETS
from scheduler.workbook.names import KNOWN_SHOWN, Names, derive_id
from scheduler.workbook.places import Place, Places
from scheduler.workbook.sheets import Row

_RULE_KEYS = ("dates", "weekdays", "blocks", "note")
_OWNER_USES = {"teachers": ("unavailable", "prefers", "avoids"), "venues": ("unavailable",),
               "items": ("unavailable",)}


def assemble(rows: dict[str, list[Row]]) -> tuple[dict, Places, list[tuple[Place, str]]]:
    return _Assembly(rows).run()


class _Assembly:
    def __init__(self, rows: dict[str, list[Row]]):
        self.rows = rows
        self.places = Places()
        self.problems: list[tuple[Place, str]] = []
        self.names = {key: Names(what) for key, what in NAMED.items()}
        self.index: dict[str, dict[str, int]] = {key: {} for key in NAMED}
        self.data: dict = {}

    def run(self):
        for sheet in SHEETS:
            self.places.add((sheet.key,), Place(sheet.title))
            if sheet.required and not self.rows[sheet.key]:
                self.problem(Place(sheet.title), say.EMPTY_SHEET)
        self._term()
        # Every sheet's names first: a record may refer to one of a later sheet (a venue's topics).
        ids = {key: self._ids(key) for key in NAMED}
        for key in NAMED:
            self.data[key] = [self._record((key, i), row, {"id": ids[key][i]})
                              for i, row in enumerate(self.rows[key])]
            self.index[key] = {record_id: i for i, record_id in enumerate(ids[key])}
        self._blocks()
        self._obligations()
        self._curriculum()
        self._time_rules()
        self._blackouts()
        self._travel()
        self._weights()
        self._policies()
        self._standards()
        return self.data, self.places, self.problems

    # --- helpers ---
    def problem(self, place: Place, message: str) -> None:
        self.problems.append((place, message))

    def _record(self, path: tuple, row: Row, record: dict, skip: tuple[str, ...] = ()) -> dict:
        """The fields of a row (references resolved), its places registered under `path`."""
        self.places.add(path, row)
        refs = row.sheet.refs
        for key, value in row.values.items():
            if key not in skip and key != "id":
                record[key] = self._ref(row, key, value) if key in refs else value
        return record

    def _ref(self, row: Row, key: str, value):
        column = row.sheet.column(key)
        names = self.names[column.ref]
        try:
            if column.many:
                return [names.resolve(word) for word in known_items(value, names.knows)]
            return names.resolve(value)
        except CellProblem as problem:
            self.problem(row.place(key), problem.message)
            return value

    def _needed(self, row: Row, *keys: str) -> bool:
        """The grouping cells a row cannot be placed without; a blank one is a problem."""
        blank = [key for key in keys if key not in row.values]
        for key in blank:
            self.problem(row.place(key), say.BLANK_REQUIRED)
        return not blank

    def _owner(self, row: Row, key: str, section: str) -> int | None:
        """The index of the record (of another sheet) a row belongs to, named in its cell `key`."""
        if not self._needed(row, key):
            return None
        found = self._ref(row, key, row.values[key])
        return self.index[section].get(found) if isinstance(found, str) else None

    # --- the term ---
    def _term(self) -> None:
        rows = self.rows["term"]
        if not rows:
            return
        sheet = SHEET_BY_KEY["term"]
        self.places.add(("name",), Place(sheet.title, rows[0].number, sheet.column("instance").header))
        for extra in rows[1:]:
            self.problem(extra.place(), say.TERM_ONE_ROW)
        row = rows[0]
        term = self._record(("term",), row, {}, skip=("instance", "contact", "sender"))
        name = row.values.get("instance") or derive_id(str(row.values.get("name", "term")), set())
        self.data["name"] = name
        for key in ("contact", "sender"):  # the instance's own fields, stated on the term's row
            if key in row.values:
                self.data[key] = row.values[key]
                self.places.add((key,), Place(sheet.title, row.number, sheet.column(key).header))
        holidays = []
        for k, holiday in enumerate(self.rows["holidays"]):
            path = ("term", "holidays", k)
            self.places.add(path, holiday, aliases={"dates": "start"})
            self.places.add((*path, "dates"), holiday, "start", aliases={"end": "end"})
            entry = {"name": holiday.values["name"]} if "name" in holiday.values else {}
            if self._needed(holiday, "start"):
                start = holiday.values["start"]
                entry["dates"] = {"start": start, "end": holiday.values.get("end", start)}
            holidays.append(entry)
        if holidays:
            term["holidays"] = holidays
        self.data["term"] = term

    def _ids(self, key: str) -> list[str]:
        """Each row's id: its own, or derived from its name; duplicates are problems."""
        rows = self.rows[key]
        taken: dict[str, Row] = {}
        for row in rows:
            given = row.values.get("id")
            if given is not None and given in taken:
                self.problem(row.place("id"), say.DUPLICATE_ID.format(
                    id=given, rows=say.ROW_OF.format(row=taken[given].number)))
            elif given is not None:
                taken[given] = row
        by_name: dict[str, list[Row]] = {}
        for row in rows:
            by_name.setdefault(str(row.values.get("name", "")), []).append(row)
        used = set(taken)
        ids = []
        for row in rows:
            name = str(row.values.get("name", ""))
            same = by_name.get(name, [])
            if name and len(same) > 1 and any("id" not in r.values for r in same) and "id" not in row.values:
                others = "、".join(say.ROW_OF.format(row=r.number) for r in same if r is not row)
                self.problem(row.place("name"), say.DUPLICATE_NAME.format(name=name, rows=others))
            record_id = row.values.get("id") or derive_id(name or f"{key}-{row.number}", used)
            ids.append(record_id)
            if name:
                self.names[key].add(name, record_id, row.number)
            else:
                self.names[key].ids.add(record_id)
        return ids

    # --- rows gathered under a record of another sheet ---
    def _blocks(self) -> None:
        counts: dict[int, int] = {}
        for row in self.rows["blocks"]:
            si = self._owner(row, "site", "sites")
            if si is None:
                continue
            site = self.data["sites"][si]
            k = counts[si] = counts.get(si, -1) + 1
            site.setdefault("blocks", []).append(self._record(("sites", si, "blocks", k), row, {}, skip=("site",)))
        for site, row in zip(self.data["sites"], self.rows["sites"]):
            if "blocks" not in site and "name" in site:
                self.problem(row.place(), say.SITE_NO_BLOCKS.format(name=site["name"]))

    def _obligations(self) -> None:
        for row in self.rows["obligations"]:
            ti = self._owner(row, "teacher", "teachers")
            if ti is not None:
                teacher = self.data["teachers"][ti]
                k = len(teacher.setdefault("obligations", []))
                teacher["obligations"].append(self._record(("teachers", ti, "obligations", k), row, {},
                                                           skip=("teacher",)))

    def _curriculum(self) -> None:
        by_class: dict[int, list[Row]] = {}
        for row in self.rows["curriculum"]:
            ci = self._owner(row, "class", "classes")
            if ci is not None:
                by_class.setdefault(ci, []).append(row)
        self.items: dict[int, dict[str, int]] = {}
        self.titles: dict[int, dict[str, list[str]]] = {}
        for ci, rows in by_class.items():
            taken = {row.values["id"] for row in rows if "id" in row.values}
            items = []
            for k, row in enumerate(rows):
                item_id = row.values.get("id") or derive_id(str(row.values.get("title", "item")), taken)
                items.append(self._record(("classes", ci, "curriculum", k), row, {"id": item_id},
                                          skip=("class", "after")))
            self.items[ci] = {item["id"]: k for k, item in enumerate(items)}
            self.titles[ci] = {}
            for item in items:
                self.titles[ci].setdefault(str(item.get("title")), []).append(item["id"])
            for k, (row, item) in enumerate(zip(rows, items)):
                if "after" in row.values:
                    item["after"] = [self._item(row, "after", ci, word) for word in row.values["after"]]
            self.data["classes"][ci]["curriculum"] = items

    def _item(self, row: Row, key: str, ci: int, word: str) -> str:
        """A course of class `ci` by its id or its (unique) title."""
        if word in self.items.get(ci, {}):
            return word
        found = self.titles.get(ci, {}).get(word, [])
        if len(found) == 1:
            return found[0]
        known = list(self.items.get(ci, {}))
        shown = "、".join(known[:KNOWN_SHOWN]) + (say.KNOWN_MORE.format(count=len(known))
                                                   if len(known) > KNOWN_SHOWN else "")
        name = self.data["classes"][ci].get("name", "")
        self.problem(row.place(key), say.NO_SUCH_ITEM.format(cls=name, item=word, known=shown or "无"))
        return word

    def _time_rules(self) -> None:
        for row in self.rows["time_rules"]:
            if not self._needed(row, "owner", "name"):
                continue
            owner, use = row.values["owner"], row.values.get("use", "unavailable")
            if owner not in _OWNER_USES:
                self.problem(row.place("owner"), say.UNKNOWN_KIND.format(choices="教师、场地、课程"))
                continue
            if use not in _OWNER_USES[owner]:
                self.problem(row.place("use"), say.NOT_UNAVAILABLE.format(kind=CHOICES["owner"][owner]))
                continue
            path = self._rule_owner(row, owner)
            if path is None:
                continue
            record = self.data
            for part in path:
                record = record[part]
            k = len(record.setdefault(use, []))
            rule = self._record((*path, use, k), row, {}, skip=("owner", "name", "item", "use"))
            record[use].append(rule)

    def _rule_owner(self, row: Row, owner: str) -> tuple | None:
        """The path of the teacher, room or course a time rule belongs to."""
        section = "classes" if owner == "items" else owner
        try:
            found = self.names[section].resolve(row.values["name"])
        except CellProblem as problem:
            self.problem(row.place("name"), problem.message)
            return None
        index = self.index[section][found]
        if owner != "items":
            return (section, index)
        if "item" not in row.values:
            self.problem(row.place("item"), say.ITEM_NEEDS_CLASS)
            return None
        before = len(self.problems)
        item_id = self._item(row, "item", index, row.values["item"])
        if len(self.problems) > before:
            return None
        return ("classes", index, "curriculum", self.items[index][item_id])

    # --- the instance's own lists ---
    def _blackouts(self) -> None:
        blackouts = []
        for k, row in enumerate(self.rows["blackouts"]):
            record = self._record(("blackouts", k), row, {}, skip=_RULE_KEYS)
            when = {key: row.values[key] for key in _RULE_KEYS if key in row.values}
            self.places.add(("blackouts", k, "when"), row)
            blackouts.append({"name": record.pop("name"), "when": when, **record} if "name" in record
                             else {"when": when, **record})
        if blackouts:
            self.data["blackouts"] = blackouts

    def _travel(self) -> None:
        travel = []
        for k, row in enumerate(self.rows["travel"]):
            if not self._needed(row, "a", "b"):
                continue
            self.places.add(("travel", k), row, aliases={"between": "a"})
            entry = {"between": [self._ref(row, "a", row.values["a"]), self._ref(row, "b", row.values["b"])]}
            if "minutes" in row.values:
                entry["minutes"] = row.values["minutes"]
            travel.append(entry)
        if travel:
            self.data["travel"] = travel

    def _weights(self) -> None:
        weights: dict = {}
        seen: dict[str, Row] = {}
        for row in self.rows["weights"]:
            if not self._needed(row, "rule", "weight"):
                continue
            rule = row.values["rule"]
            if rule not in CHOICES["rule"]:
                self.problem(row.place("rule"), say.UNKNOWN_KIND.format(choices="、".join(CHOICES["rule"].values())))
                continue
            if rule in seen:
                self.problem(row.place("rule"), say.DUPLICATE_WEIGHT.format(
                    rule=rule, rows=say.ROW_OF.format(row=seen[rule].number)))
                continue
            seen[rule] = row
            weights[rule] = row.values["weight"]
            self.places.add(("weights", rule), row, "weight")
        self.places.add(("weights",), Place(SHEET_BY_KEY["weights"].title))
        if weights:
            self.data["weights"] = weights

    # --- the policy rules and their figures ---
    def _policies(self) -> None:
        policies: dict = {}
        seen: dict[str, Row] = {}
        for row in self.rows["policies"]:
            if not self._needed(row, "rule", "level"):
                continue
            rule = row.values["rule"]
            if rule in seen:
                self.problem(row.place("rule"), say.DUPLICATE_WEIGHT.format(
                    rule=CHOICES["policy"].get(rule, rule), rows=say.ROW_OF.format(row=seen[rule].number)))
                continue
            seen[rule] = row
            policies[rule] = {"level": row.values["level"],
                              **({"weight": row.values["weight"]} if "weight" in row.values else {})}
            self.places.add(("policies", rule), row, "level", aliases={"weight": "weight"})
        self.places.add(("policies",), Place(SHEET_BY_KEY["policies"].title))
        if policies:
            self.data["policies"] = policies

    def _standards(self) -> None:
        rows = self.rows["standards"]
        for extra in rows[1:]:
            self.problem(extra.place(), say.TERM_ONE_ROW)
        if rows and rows[0].values:
            self.data["standards"] = self._record(("standards",), rows[0], {})

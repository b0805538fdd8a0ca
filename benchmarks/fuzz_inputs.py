"""Input fuzzer: mutants of the bundled instances through `scheduler check`.

    python -m benchmarks.fuzz_inputs [--mutants 500] [--seed 1] [--timeout 20] [--record]

Each mutant is one bundled instance (instances/*.yaml) with one mutation: a field deleted, a
value of the wrong type, a huge number, a day or time that does not exist, an unknown or
duplicated id, junk Unicode or control characters, an alias bomb, a truncated file, tabs,
another encoding, an empty file, non-string keys, NaN, deep nesting, records swapped between
sections, and so on. Every mutant must be answered by exit 0, 1 or 2 with no traceback and no
internal error; an error names the file and says what is wrong in Chinese; no control
character reaches the terminal raw. Each check runs in a forked child (POSIX) so its time and
peak memory are its own; `--record` writes the counts, the slowest check and the largest peak
to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import collections
import copy
import datetime as dt
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
INSTANCES = sorted((ROOT / "instances").glob("*.yaml"))
SECTION = "fuzz_inputs"
HEADING = "## Input fuzzer over the bundled instances (issue 17)"
CHINESE = re.compile("[\u4e00-\u9fff]")
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
OK_EXITS = (0, 1, 2)


# --- the data of an instance, and places in it -----------------------------------------------

def _places(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of the data, mappings and lists alike."""
    found, stack = [], [data]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            found.append((node, key))
            stack.append(value)
    return found


def _pick(rng: random.Random, data: Any, want: Callable[[Any, Any], bool]) -> tuple[Any, Any] | None:
    places = [(c, k) for c, k in _places(data) if want(c, k)]
    return rng.choice(places) if places else None


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _scalar(container, key) -> bool:
    return not isinstance(container[key], (dict, list))


JUNK = ["", " ", "\u200b", "\u202e反转", "😀🎉", "e\u0301\u0301\u0301", "\ufeff", "A" * 300, "　全角空格　",
        "null", "~", "yes", "0x1F", "1e400", "../../etc/passwd", "a/b", "\\", "%", "@x", "`x`", "&a", "*a",
        "!!python/object", "'quoted'", '"dq"', "key: value", "- item", "# comment", "中" * 70]
CONTROL = ["\x1b[31m", "\x1b]0;title\x07", "\r\n", "\x00", "\x07", "\x08", "\x9b", "\u2028", "\x7f", "\t"]
WRONG = [[], {}, [1, 2], {"a": 1}, 0, -1, 1.5, True, None, "文字", "2023-01-01", ["a", ["b"]]]


# --- mutations on the data (loaded with PyYAML, dumped back) ----------------------------------

def delete_field(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c, dict))
    if place:
        del place[0][place[1]]


def wrong_type(rng, data):
    place = _pick(rng, data, lambda c, k: True)
    if place:
        place[0][place[1]] = copy.deepcopy(rng.choice(WRONG))


def bad_date(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c[k], dt.date))
    if place:
        place[0][place[1]] = rng.choice(["2023-02-30", "2023-13-01", "2023-04-31..2023-05-02", "2023-00-10",
                                          "0000-01-01", "9999-12-31", "2023/03/01", "2023-3-1", 20230301,
                                          "2023-03-01T08:00", "2023-06-30..2023-03-01", "..", "2024-02-29"])


def bad_time(rng, data):
    place = _pick(rng, data, lambda c, k: k in ("start", "end") and isinstance(c[k], str) and ":" in c[k])
    if place:
        place[0][place[1]] = rng.choice([830, 1130, "25:00", "8.30", "08:30:00", "24:00", "-1:00", 0, 86400,
                                          "8:60", 8.5, "noon", "08：30"])


def unknown_id(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c, list) and isinstance(c[k], str))
    if place is None:
        place = _pick(rng, data, lambda c, k: k in ("site", "topic", "township") and isinstance(c[k], str))
    if place:
        place[0][place[1]] = rng.choice(["nobody", "t99", "不存在", "x" * 65, "a b", "a/b"])


def duplicate_id(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c, list) and isinstance(c[k], dict) and "id" in c[k])
    if place:
        place[0].append(copy.deepcopy(place[0][place[1]]))


def unicode_junk(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c[k], str))
    if place:
        place[0][place[1]] = rng.choice(JUNK)


def control_chars(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c[k], str))
    if place:
        text = place[0][place[1]]
        cut = rng.randrange(len(text) + 1)
        place[0][place[1]] = text[:cut] + rng.choice(CONTROL) + text[cut:]


def control_key(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c[k], dict))
    if place:
        place[0][place[1]][rng.choice(CONTROL) + "key"] = 1


def non_string_key(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c[k], dict))
    if place:
        place[0][place[1]][rng.choice([1, 2.5, True, None, dt.date(2023, 1, 1)])] = "x"


def number_edge(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c[k], int) and not isinstance(c[k], bool))
    if place:
        place[0][place[1]] = rng.choice([float("nan"), float("inf"), float("-inf"), -1, 0, 10**18, 2**63,
                                          -(2**63), 1.0000001, 10**17])


def scale_number(rng, data):
    """A plausible but different number (trainees, capacity, sessions): lint's findings, exit 1."""
    place = _pick(rng, data, lambda c, k: isinstance(c[k], int) and not isinstance(c[k], bool))
    if place:
        place[0][place[1]] = rng.choice([1, 2, 3, 5, 40, 200, 1000, 5000])


def swap_records(rng, data):
    lists = [(c, k) for c, k in _places(data) if isinstance(c[k], list) and c[k] and isinstance(c[k][0], dict)]
    if len(lists) >= 2:
        (c1, k1), (c2, k2) = rng.sample(lists, 2)
        i, j = rng.randrange(len(c1[k1])), rng.randrange(len(c2[k2]))
        c1[k1][i], c2[k2][j] = c2[k2][j], c1[k1][i]


def shuffle_section(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c[k], list))
    if place:
        rng.shuffle(place[0][place[1]])


def empty_section(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c[k], (list, dict)))
    if place:
        place[0][place[1]] = type(place[0][place[1]])()


def self_reference(rng, data):
    place = _pick(rng, data, lambda c, k: isinstance(c[k], (list, dict)))
    if place:
        inner = place[0][place[1]]
        if isinstance(inner, list):
            inner.append(inner)
        else:
            inner["self"] = inner


def wrong_enum(rng, data):
    place = _pick(rng, data, lambda c, k: k in ("tier", "kind", "mode", "period") and isinstance(c[k], str))
    if place:
        place[0][place[1]] = rng.choice(["xian", "县城", "LECTURE", "", "online ", 3])


DATA_MUTATIONS: dict[str, Callable] = {
    "delete_field": delete_field, "wrong_type": wrong_type, "bad_date": bad_date, "bad_time": bad_time,
    "unknown_id": unknown_id, "duplicate_id": duplicate_id, "unicode_junk": unicode_junk,
    "control_chars": control_chars, "control_key": control_key, "non_string_key": non_string_key,
    "number_edge": number_edge, "scale_number": scale_number, "swap_records": swap_records,
    "shuffle_section": shuffle_section,
    "empty_section": empty_section, "self_reference": self_reference, "wrong_enum": wrong_enum,
}


# --- mutations on the text --------------------------------------------------------------------

def _lines(text: str) -> list[str]:
    return text.split("\n")


def _value_line(rng, lines) -> int | None:
    candidates = [i for i, line in enumerate(lines) if re.search(r"\w: \S", line) and not line.lstrip().startswith("#")]
    return rng.choice(candidates) if candidates else None


def huge_int(rng, text):
    lines = _lines(text)
    i = _value_line(rng, lines)
    if i is not None:
        lines[i] = re.sub(r"(\w): [^,}\]]+", lambda m: m.group(1) + ": " + "9" * rng.choice([19, 400, 5000]),
                          lines[i], count=1)
    return "\n".join(lines).encode()


def huge_string(rng, text):
    lines = _lines(text)
    i = _value_line(rng, lines)
    if i is not None:
        lines[i] = re.sub(r"(\w): [^,}\]]+", lambda m: m.group(1) + ": " + "长" * 1_000_000, lines[i], count=1)
    return "\n".join(lines).encode()


def alias_bomb(rng, text):
    levels = rng.choice([5, 7, 9, 12])
    bomb = ['lol0: &lol0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"lol{i}: &lol{i} [" + ",".join([f"*lol{i - 1}"] * 10) + "]" for i in range(1, levels + 1)]
    where = rng.choice(["top", "weights"])
    if where == "top":
        return ("\n".join(bomb) + "\n" + text).encode()
    bombed = (text + "\nweights: {x: *lol%d}\n" % levels)
    return bombed.replace("\nweights:", "\n" + "\n".join(bomb) + "\nweights:", 1).encode()


def recursive_alias(rng, text):
    return (text + rng.choice(["\nself: &s [1, *s]\n", "\nself: &s {a: *s}\n", "\nweights: &w {a: *w}\n"])).encode()


def truncate(rng, text):
    data = text.encode()
    return data[:rng.randrange(len(data))]


def tabs(rng, text):
    lines = _lines(text)
    indented = [i for i, line in enumerate(lines) if line.startswith("  ")]
    for i in rng.sample(indented, min(len(indented), rng.choice([1, 3]))):
        lines[i] = "\t" + lines[i][2:]
    return "\n".join(lines).encode()


def encoding(rng, text):
    name = rng.choice(["gbk", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "big5", "latin-1-bytes"])
    if name == "latin-1-bytes":
        data = bytearray(text.encode())
        for _ in range(3):
            data[rng.randrange(len(data))] = rng.randrange(0x80, 0x100)
        return bytes(data)
    return text.encode(name, errors="replace")


def empty(rng, text):
    return rng.choice([b"", b"\n\n", b"# only a comment\n", b"---\n", b"...\n", b"~\n", b"[]\n", b"- a\n",
                       b"\xef\xbb\xbf", b"name\n", b"42\n", b'"text"\n'])


def deep_nesting(rng, text):
    depth = rng.choice([50, 70, 1000, 100_000])
    style = rng.choice(["flow", "map"])
    nested = "[" * depth + "]" * depth if style == "flow" else "{a: " * depth + "1" + "}" * depth
    return (text + f"\nweights: {nested}\n").encode()


def fullwidth_colon(rng, text):
    lines = _lines(text)
    i = _value_line(rng, lines)
    if i is not None:
        lines[i] = lines[i].replace(": ", rng.choice(["：", "： ", ":"]), 1)
    return "\n".join(lines).encode()


def line_edit(rng, text):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    action = rng.choice(["delete", "duplicate", "indent", "dedent", "swap"])
    if action == "delete":
        del lines[i]
    elif action == "duplicate":
        lines.insert(i, lines[i])
    elif action == "indent":
        lines[i] = " " * rng.choice([1, 2, 3]) + lines[i]
    elif action == "dedent":
        lines[i] = lines[i].lstrip()
    else:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines).encode()


def byte_flip(rng, text):
    data = bytearray(text.encode())
    for _ in range(rng.choice([1, 4, 16])):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def yaml_tags(rng, text):
    tag = rng.choice(["!!python/object/apply:os.system ['echo x']", "!!binary aGVsbG8=", "!!set {a, b}",
                      "!!timestamp 2023-01-01", "!!omap [a: 1]", "!custom x", "!!str 12", "!!int '5'",
                      "!!float 'x'", "!!map [1]", "!!seq {a: 1}"])
    lines = _lines(text)
    i = _value_line(rng, lines)
    if i is not None:
        lines[i] = re.sub(r"(\w): [^,}\]]+", lambda m: m.group(1) + ": " + tag, lines[i], count=1)
    return "\n".join(lines).encode()


def merge_keys(rng, text):
    merge = rng.choice(["{}", "[{}, {}]", "5", "[1]", "*here", "{teacher_load: 3}"])
    anchored = text.replace("\nterm:\n", "\nterm: &here\n", 1)
    return (anchored + f"\nweights: {{<<: {merge}}}\n").encode()


def documents(rng, text):
    return (text + rng.choice(["\n---\nname: again\n", "\n...\n", "\n--- \n"])).encode()


def bom(rng, text):
    return b"\xef\xbb\xbf" + text.encode()


def escapes(rng, text):
    lines = _lines(text)
    i = _value_line(rng, lines)
    if i is not None:
        junk = rng.choice(['"\\e[2J\\e]0;x\\a"', '"\\x00"', '"a\\r\\nb"', '"\\q"', '"\\u202e"', '"\\N\\L\\P"'])
        lines[i] = re.sub(r"(\w): [^,}\]]+", lambda m: m.group(1) + ": " + junk, lines[i], count=1)
    return "\n".join(lines).encode()


TEXT_MUTATIONS: dict[str, Callable] = {
    "huge_int": huge_int, "huge_string": huge_string, "alias_bomb": alias_bomb,
    "recursive_alias": recursive_alias, "truncate": truncate, "tabs": tabs, "encoding": encoding,
    "empty": empty, "deep_nesting": deep_nesting, "fullwidth_colon": fullwidth_colon,
    "line_edit": line_edit, "byte_flip": byte_flip, "yaml_tags": yaml_tags, "merge_keys": merge_keys,
    "documents": documents, "bom": bom, "escapes": escapes,
}
KINDS = sorted([*DATA_MUTATIONS, *TEXT_MUTATIONS])


def mutants(count: int, seed: int) -> Iterator[tuple[str, str, bytes]]:
    """(instance name, mutation kind, file content), the kinds taken in turn from a shuffled list."""
    rng = random.Random(seed)
    sources = [(path.name, path.read_text(encoding="utf-8")) for path in INSTANCES]
    loaded = {name: yaml.safe_load(text) for name, text in sources}
    kinds = KINDS[:]
    for number in range(count):
        if number % len(kinds) == 0:
            rng.shuffle(kinds)
        kind = kinds[number % len(kinds)]
        name, text = rng.choice(sources)
        if kind in DATA_MUTATIONS:
            data = copy.deepcopy(loaded[name])
            DATA_MUTATIONS[kind](rng, data)
            try:
                content = _dump(data)
            except (yaml.YAMLError, ValueError, RecursionError):
                content = text.encode()
        else:
            content = TEXT_MUTATIONS[kind](rng, text)
        yield name, kind, content


def judge(exit_code: int | None, output: str, path: Path) -> str | None:
    """What is wrong with the answer to a mutant, or None."""
    if exit_code not in OK_EXITS:
        return f"exit {exit_code}"
    if "Traceback" in output or "内部错误" in output:
        return "traceback or internal error"
    if RAW_CONTROL.search(output):
        return "raw control character in the output"
    if exit_code == 2:
        if not CHINESE.search(output):
            return "error message without Chinese"
        if path.name not in output:
            return "error message without the file"
        english = re.sub(re.escape(str(path)), "", output)
        if re.search(r"\b[A-Za-z]+ [a-z]+ [a-z]+ [a-z]+\b", english):
            return "an English sentence in the message"
    return None


def check_in_process(path: Path) -> tuple[int | None, str]:
    """`scheduler check` through click's runner (for the test suite: portable, no fork)."""
    from click.testing import CliRunner

    from scheduler.cli import main

    result = CliRunner().invoke(main, ["check", str(path)])
    return result.exit_code, result.output


def check_forked(path: Path, timeout: float) -> tuple[int | None, str, float, float]:
    """`scheduler check` in a forked child: exit code, output, seconds, peak RSS in MiB."""
    import resource
    import signal

    from scheduler.cli import main

    out = path.with_suffix(".out")
    memory_limit = _address_space() + MEMORY_HEADROOM
    sys.stdout.flush()
    sys.stderr.flush()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child
        code = 98
        try:
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(int(timeout) + 1)
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            try:
                main.main(args=["check", str(path)], prog_name="scheduler", standalone_mode=True)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:  # noqa: BLE001 - reported as a failure by the parent
                import traceback

                traceback.print_exc()
                code = 97
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    output = out.read_bytes().decode("utf-8", errors="replace")
    out.unlink()
    peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return (None if code < 0 else code), output, seconds, peak


MEMORY_HEADROOM = 2 * 2**30  # a check may grow its address space by 2 GiB; beyond, MemoryError


def _address_space() -> int:
    """This process's virtual size (bytes), which a forked child starts with."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"VmSize:\s+(\d+) kB", status).group(1)) * 1024
    except (OSError, AttributeError):
        return 2 * 2**30


def run(count: int, seed: int, timeout: float, progress: bool = True) -> dict:
    import scheduler.cli  # noqa: F401 - imported once, before forking
    import scheduler.expand  # noqa: F401
    import scheduler.lint  # noqa: F401

    exits: collections.Counter = collections.Counter()
    per_kind: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures: list[str] = []
    slowest = (0.0, "")
    biggest = (0.0, "")
    with tempfile.TemporaryDirectory() as folder:
        for number, (name, kind, content) in enumerate(mutants(count, seed)):
            path = Path(folder) / f"m{number:04d}-{name}"
            path.write_bytes(content)
            code, output, seconds, peak = check_forked(path, timeout)
            path.unlink()
            exits[code] += 1
            per_kind[kind][code] += 1
            label = f"#{number} {kind} on {name}"
            problem = judge(code, output, path)
            if problem is None and seconds > timeout:
                problem = f"took {seconds:.1f} s"
            if problem:
                failures.append(f"{label}: {problem}: {output.strip()[:300]}")
            slowest = max(slowest, (seconds, label))
            biggest = max(biggest, (peak, label))
            if progress and (number + 1) % 50 == 0:
                print(f"  {number + 1}/{count} mutants, {len(failures)} failures", file=sys.stderr)
    return {"mutants": count, "exits": exits, "per_kind": per_kind, "failures": failures,
            "slowest": slowest, "biggest": biggest}


def report(result: dict) -> str:
    exits = result["exits"]
    lines = [f"- mutants tried: {result['mutants']} ({len(KINDS)} kinds, bundled instances "
             f"{', '.join(p.name for p in INSTANCES)})",
             "- exit codes: " + ", ".join(f"{code}: {exits[code]}" for code in sorted(exits, key=str)),
             f"- exit 3 (internal error): {exits.get(3, 0)}; failures of any kind: {len(result['failures'])}",
             f"- slowest check: {result['slowest'][0]:.2f} s ({result['slowest'][1]})",
             f"- largest peak memory: {result['biggest'][0]:.0f} MiB ({result['biggest'][1]})",
             "", "| kind | mutants | exit 0 | exit 1 | exit 2 | other |", "|---|---|---|---|---|---|"]
    for kind in KINDS:
        counts = result["per_kind"].get(kind, collections.Counter())
        other = sum(v for k, v in counts.items() if k not in OK_EXITS)
        lines.append(f"| {kind} | {sum(counts.values())} | {counts[0]} | {counts[1]} | {counts[2]} | {other} |")
    lines += [f"- {failure}" for failure in result["failures"][:20]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds a check may take")
    parser.add_argument("--record", action="store_true", help="write the results to benchmarks/RESULTS.md")
    args = parser.parse_args()
    result = run(args.mutants, args.seed, args.timeout)
    text = report(result)
    print(text)
    if args.record:
        from benchmarks.scale import machine, write_section

        write_section(SECTION, HEADING,
                      f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; command: "
                      f"`python -m benchmarks.fuzz_inputs --mutants {args.mutants} --seed {args.seed} "
                      f"--record` (each check in a forked child: its own time and peak RSS).\n\n{text}\n")
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""`scheduler template` and `scheduler convert`: the instance as an Excel/WPS workbook."""

from __future__ import annotations

from pathlib import Path

import click

from scheduler.cli.errors import guarded
from scheduler.domain import InputError, load_instance
from scheduler.files import ensure_writable, write_atomic
from scheduler.workbook import messages as say

# The bundled instances: a source checkout's instances/ folder.
EXAMPLES = Path(__file__).resolve().parents[2] / "instances"
HELP_OUTPUT = "输出的 .xlsx 文件"
HELP_EXAMPLE = "用示例实例填好模板（如 qingxu-2023-spring、jiaocheng-2022），或给出一个实例文件的路径"
YAML_SUFFIXES = (".yaml", ".yml")
XLSX_SUFFIXES = (".xlsx",)


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="排课模板.xlsx", show_default=True,
              help=HELP_OUTPUT)
@click.option("--example", metavar="NAME", help=HELP_EXAMPLE)
@guarded
def template(output: str, example: str | None) -> None:
    """写出排课表格模板（Excel/WPS .xlsx）：说明、每类记录一个工作表、下拉列表。"""
    from scheduler.workbook.columns import SHEETS
    from scheduler.workbook.write import workbook_bytes

    ensure_writable(output)
    instance = load_instance(_example(example)) if example else None
    write_atomic(output, workbook_bytes(instance))
    click.echo(say.TEMPLATE_WROTE.format(path=output, sheets=len(SHEETS) + 1))


def _example(name: str) -> Path:
    bundled = EXAMPLES / f"{name}.yaml"
    if bundled.is_file():
        return bundled
    if Path(name).is_file():
        return Path(name)
    known = "、".join(sorted(p.stem for p in EXAMPLES.glob("*.yaml"))) or "无"
    raise InputError([say.UNKNOWN_EXAMPLE.format(name=name, known=known)])


@click.command()
@click.argument("source", metavar="IN", type=click.Path())
@click.argument("target", metavar="OUT", type=click.Path(dir_okay=False))
@guarded
def convert(source: str, target: str) -> None:
    """在 YAML 实例文件与 .xlsx 表格之间转换（两个方向都可以）。"""
    from scheduler.generate.dump import dump_instance
    from scheduler.workbook.write import workbook_bytes

    suffix = Path(target).suffix.lower()
    if suffix not in YAML_SUFFIXES + XLSX_SUFFIXES:
        raise InputError([say.CONVERT_UNKNOWN_SUFFIX.format(path=target)])
    ensure_writable(target)
    instance = load_instance(source)
    if suffix in XLSX_SUFFIXES:
        write_atomic(target, workbook_bytes(instance))
    else:
        write_atomic(target, dump_instance(instance, header=say.CONVERTED_HEADER.format(source=Path(source).name)))
    click.echo(say.CONVERTED.format(path=target))

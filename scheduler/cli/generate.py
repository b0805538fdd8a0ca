"""`scheduler generate`: a synthetic county for benchmarks and tests."""

from __future__ import annotations

import click

from scheduler import text
from scheduler.cli.errors import guarded
from scheduler.files import ensure_writable, write_atomic

# The county's number, not a solver seed: 1 keeps the counties generated so far.
HELP_SEED = "合成县的编号：同一规模、同一编号生成同一个县（不是求解的随机种子）"


@click.command()
@click.option("--size", type=click.Choice(["S", "M", "L"]), required=True, help="规模")
@click.option("--seed", type=int, default=1, show_default=True, help=HELP_SEED)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@guarded
def generate(size: str, seed: int, output: str) -> None:
    """生成一个合成的县（用于基准测试和测试）。"""
    from scheduler.generate import dump_instance
    from scheduler.generate import generate as make

    ensure_writable(output)
    instance = make(size, seed)
    write_atomic(output, dump_instance(instance))
    counts = instance.counts()
    click.echo(text.GENERATED.format(path=output, **counts))

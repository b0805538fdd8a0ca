"""The public CB-CTT (ITC2007 track 3) benchmark solved through our engine: the `.ctt` format,
its import as an engine instance, the `.sol` format, an independent UD2 scorer and the runner

    python -m benchmarks.cbctt [--instances NAME|PATH …] [--time-limit S] [--workers N] [--out DIR]
"""

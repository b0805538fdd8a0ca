"""A public what-if benchmark on CB-CTT: the quality-recovering protocol of Lindahl, Stidsen
and Sørensen (EJOR 2019). A scenario file names a timetable and one disruption per line; each
is recovered with the fewest changed lectures (proven), and the UD2 cost is reported at that
minimum and with +1…+5 changes.

    python -m benchmarks.whatif_cbctt [--scenarios FILE] [--limit 10] [--step-seconds 0.5]
    python -m benchmarks.whatif_cbctt.generate [--instances comp01 …] [--per-type 2] [--seed 0]
"""

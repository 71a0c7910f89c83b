"""The measures (layer 2): numbers only, computed from what the store holds.

Culture indicators and their statistics, changes like for like, participation,
drivers, benchmarks, the portfolio, instruments, follow-up measures (tiltak) and
the goals scorecard. No sentence, table layout or chart is made here: that is
:mod:`analytics.present`. Imports from :mod:`analytics.core` and :mod:`analytics.store`.
"""

"""The core (layer 0): what every other layer builds on, importing nothing of the project.

The strategy as data (:mod:`~analytics.core.config`, :mod:`~analytics.core.framework`,
:mod:`~analytics.core.targets`), the tables' columns (:mod:`~analytics.core.schema`),
every message in bokmål (:mod:`~analytics.core.text`), the roles and what they may do
(:mod:`~analytics.core.access`) and the rule of what may be shown
(:mod:`~analytics.core.suppression`), which the store needs to guard published rounds.
"""

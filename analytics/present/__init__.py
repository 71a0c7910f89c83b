"""The presentation (layer 4): sentences, tables, charts, slides, reports, templates and exports.

Everything a page, a slide or a file says is made here from the measures; nothing
here computes a figure of its own. Imports from the layers below (and the importer's
readers, for the templates).
"""

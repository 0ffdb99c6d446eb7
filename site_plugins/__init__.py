"""The MkDocs plugin that publishes an infoview vault as a site (entry point ``infoview``).

The plugin is a thin adapter: page content comes from :mod:`infoview.site`.
"""

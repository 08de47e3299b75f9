"""This site's own content helpers: plain functions from site data to Markdown or HTML.

``macros/main.py`` registers them with mkdocs-macros; the site's hooks import them too. Installed
with the project (``pip install -e .``), so every caller imports them as the package ``macros``.
"""

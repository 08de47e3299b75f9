"""The error every step of the Pyodide bundle raises (:mod:`.bundle`): the plugin shows its message."""


class BundleError(Exception):
    """A problem the person building the site can fix; the message says how."""

"""The Python half of the build's start-up probe: startup-probe.mjs runs it in Pyodide, under Node.

The build never imports this file (mkdocs_calculators/probe.py starts Node, which reads it); it holds
only definitions, so importing it, as pytest's doctest collection does, changes nothing.
startup-probe.mjs calls :func:`record_dataclass_methods` before the worker's BRIDGE imports the
calculators, and :func:`report` once each calculator has answered its defaults (ANSWER_EACH).

No ``from __future__`` import here: the methods dataclasses generates run through
``_recording_exec``, and ``exec`` compiles a source with the calling code's future flags.
"""


def record_dataclass_methods():
    """Stand in for the ``exec`` dataclasses calls: the list returned collects the source of every
    method it generates from now on (each class's ``__init__``, ``__repr__``, ``__eq__``...)."""
    import dataclasses

    generated = []

    def _recording_exec(source, globals=None, locals=None, /):
        generated.append(source)
        return exec(source, globals, locals)

    dataclasses.exec = _recording_exec
    return generated


def report(api, respond, generated):
    """The probe's answer, as JSON: ``modules``, the stdlib zip's entries imported so far
    (``"json/decoder.py"``), once each calculator has also answered an empty payload (the error
    path); and ``methods``, ``marshal.dumps({source: code})`` of the ``generated`` sources compiled
    by this runtime, in base64."""
    import json
    import sys

    for name in api.names():
        json.dumps(respond(name, {}, ""))
    zips = [entry + "/" for entry in sys.path if entry.endswith(".zip")]
    files = (getattr(module, "__file__", None) or "" for module in list(sys.modules.values()))
    modules = sorted({path[len(z):] for path in files for z in zips if path.startswith(z)})
    import binascii  # after the listing: what the probe itself needs is no module of a start
    import marshal

    methods = {source: compile(source, "<string>", "exec", dont_inherit=True)
               for source in generated if isinstance(source, str)}
    return json.dumps({"modules": modules, "methods": binascii.b2a_base64(marshal.dumps(methods), newline=False).decode()})

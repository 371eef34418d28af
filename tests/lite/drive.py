"""Run the scripts of a Lite main.py on recorded payloads through xlwings Lite's own call path:
``XLWINGS_ON_SERVER=true`` (so ``@script`` registers), ``import main``, the scripts listed with
``xlwings.server.custom_scripts_meta(main)``, each run with ``await
xlwings.server.custom_scripts_call(main, function_name, None, typehint_to_value={xw.Book: book})``
on ``book = xw.Book(json=payload)``; ``book.json()`` is what goes back to Excel.

The same file runs under CPython (a subprocess of tests/test_lite_pyodide.py) and under Pyodide
(run.mjs), so both runs do exactly the same. ``python drive.py DIR``: DIR holds main.py,
jobs.json ([{"payload": file, "script": display name}]) and the payloads; results.json is
written there.
"""
import asyncio
import json
import os
import sys


def _read(folder: str, name: str):
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        return json.load(f)


async def drive(folder: str) -> None:
    os.environ["XLWINGS_ON_SERVER"] = "true"  # as Lite sets it: @script registers the scripts
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # the remote engine (PolyForm NC)
    sys.path.insert(0, folder)
    import main  # main.py as taken from the workbook's property
    import xlwings as xw
    from xlwings.server import custom_scripts_call, custom_scripts_meta

    import vetqa_xl

    meta = custom_scripts_meta(main)
    by_name = {m["name"] or m["function_name"]: m["function_name"] for m in meta}
    results = []
    for job in _read(folder, "jobs.json"):
        book = xw.Book(json=_read(folder, job["payload"]))
        returned = await custom_scripts_call(main, by_name[job["script"]], None, typehint_to_value={xw.Book: book})
        results.append({"actions": returned.json()["actions"]})
    out = {"platform": sys.platform, "python": sys.version.split()[0], "vetqa_xl": vetqa_xl.__file__,
           "version": vetqa_xl.__version__, "xlwings": xw.__version__, "meta": meta, "results": results}
    _write(folder, "results.json", out)


def _write(folder: str, name: str, data) -> None:
    with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, default=str)


if __name__ == "__main__":
    asyncio.run(drive(sys.argv[1]))

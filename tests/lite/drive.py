"""Run the @script functions of a Lite main.py on recorded payloads, as xlwings Lite calls them:
``book = xw.Book(json=payload)``, ``script(book)``, then ``book.json()`` goes back to Excel.

The same file runs under CPython (a subprocess of tests/test_lite_pyodide.py) and under Pyodide
(run.mjs), so both runs do exactly the same. ``python drive.py DIR``: DIR holds main.py,
jobs.json ([{"payload": file, "script": name}]) and the payloads; results.json is written there.
"""
import json
import os
import sys


def drive(folder: str) -> None:
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # the remote engine (PolyForm NC)
    with open(os.path.join(folder, "main.py"), encoding="utf-8") as f:
        namespace = {"__name__": "main"}
        exec(compile(f.read(), "main.py", "exec"), namespace)  # noqa: S102 - the script under test
    import xlwings as xw
    import vetqa_xl

    with open(os.path.join(folder, "jobs.json"), encoding="utf-8") as f:
        jobs = json.load(f)
    results = []
    for job in jobs:
        with open(os.path.join(folder, job["payload"]), encoding="utf-8") as f:
            book = xw.Book(json=json.load(f))
        namespace[job["script"]](book)
        results.append({"actions": book.json()["actions"]})
    out = {"platform": sys.platform, "python": sys.version.split()[0], "vetqa_xl": vetqa_xl.__file__,
           "version": vetqa_xl.__version__, "results": results}
    with open(os.path.join(folder, "results.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, default=str)


if __name__ == "__main__":
    drive(sys.argv[1])

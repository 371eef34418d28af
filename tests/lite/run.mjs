// Run tests/lite/drive.py in Pyodide (the `pyodide` npm package, Node 20): one boot for all jobs.
// usage: node run.mjs WORKDIR WHEELDIR
//   WORKDIR: main.py, jobs.json, payloads (results.json is written there)
//   WHEELDIR: the pure-Python wheels of requirements.txt (xlwings, defusedxml), from pip's cache:
//   Pyodide's CDN is not reachable in CI, so they are unpacked into site-packages, not fetched.
import { loadPyodide } from "pyodide";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [work, wheels] = process.argv.slice(2).map((p) => path.resolve(p));
const here = path.dirname(fileURLToPath(import.meta.url));
const py = await loadPyodide({ env: { XLWINGS_LICENSE_KEY: "noncommercial", HOME: "/home/pyodide" },
                               stdout: (s) => process.stderr.write(s + "\n") });
py.FS.mkdirTree("/work");
py.FS.mount(py.FS.filesystems.NODEFS, { root: work }, "/work");
py.FS.mkdirTree("/wheels");
for (const name of fs.readdirSync(wheels).filter((n) => n.endsWith(".whl"))) {
  py.FS.writeFile("/wheels/" + name, fs.readFileSync(path.join(wheels, name)));
}
py.FS.writeFile("/drive.py", fs.readFileSync(path.join(here, "drive.py")));
try {
  py.runPython(`
import os, site, sys, zipfile
for name in sorted(os.listdir("/wheels")):
    zipfile.ZipFile("/wheels/" + name).extractall(site.getsitepackages()[0])
sys.path.insert(0, "/")
import drive
drive.drive("/work")
`);
} catch (e) {
  console.error(String(e.message || e));
  process.exit(1);
}

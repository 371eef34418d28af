// Run tests/lite/drive.py in Pyodide (the `pyodide` npm package, Node 20): one boot for all jobs.
// usage: node run.mjs WORKDIR WHEELDIR [PACKAGEDIR]
//   WORKDIR: main.py, jobs.json, payloads (results.json is written there)
//   WHEELDIR: the pure-Python wheels of requirements.txt, from pip's download for this Pyodide's
//   Python: Pyodide's CDN is not reachable in CI, so they are unpacked into site-packages.
//   PACKAGEDIR: the folder whose node_modules holds the pyodide to run (default: this folder,
//   the version main.py's pyodideVersion names; newest/ holds the newest on npm).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [work, wheels, pkg = here] = process.argv.slice(2).map((p) => path.resolve(p));
const { loadPyodide } = await import(pathToFileURL(path.join(pkg, "node_modules/pyodide/pyodide.mjs")).href);
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
  await py.runPythonAsync(`
import os, site, sys, zipfile
for name in sorted(os.listdir("/wheels")):
    zipfile.ZipFile("/wheels/" + name).extractall(site.getsitepackages()[0])
sys.path.insert(0, "/")
import drive
await drive.drive("/work")
`);
} catch (e) {
  console.error(String(e.message || e));
  process.exit(1);
}

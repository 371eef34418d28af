"""xlwings Lite: the scripts of the Lite copy (:mod:`.scripts`, above the API).

The builder of the Lite copy is a writer (:mod:`vetqa_xl.writers.lite`); its names are
re-exported here so that ``vetqa_xl.lite.write_lite`` keeps working. In the Lite bundle this
file is empty (the builder is not carried)."""
from ..writers.lite import (  # noqa: F401
                            ADDIN_VERSION,
                            EXTENSION_ID,
                            MAIN_PY_LIMIT,
                            NS_R,
                            NS_WE,
                            NS_WETP,
                            PYODIDE_VERSION,
                            STORE_ID,
                            TASKPANES,
                            LiteError,
                            add_lite,
                            allow_formatting,
                            lite_part,
                            main_py,
                            package_files,
                            properties,
                            requirements,
                            script_docs,
                            webextension_xml,
                            write_lite,
)

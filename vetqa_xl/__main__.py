"""``python -m vetqa_xl`` and the ``vetqa-xl`` command: the CLI (cli.py) in a process of its own."""
import gc


def main() -> None:
    # What the CLI imports lives as long as this short process. The collector is held off while
    # it loads (it would walk the new objects again and again and find no garbage), then
    # gc.freeze keeps them out of its later passes and out of the clean-up at exit: about 6% of
    # the instructions of `check --json` on the L workbook (docs/performance.md). In-process
    # callers (the Excel layer, tests) never run this.
    gc.disable()
    try:
        from .cli import main as cli
    finally:
        gc.freeze()
        gc.enable()
    cli()


if __name__ == "__main__":
    main()

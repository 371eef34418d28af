"""``python -m vetqa_xl`` and the ``vetqa-xl`` command: the CLI (cli.py) in a process of its own."""
import gc


def main() -> None:
    from .cli import main as cli

    # What was just imported lives as long as this short process: gc.freeze keeps it out of the
    # collector's passes and out of the clean-up at exit (about 4% of `check` on the L workbook;
    # docs/performance.md). In-process callers (the Excel layer, tests) never run this.
    gc.freeze()
    cli()


if __name__ == "__main__":
    main()

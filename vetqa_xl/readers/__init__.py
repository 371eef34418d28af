"""Readers: adapters that turn a workbook (a file, or a live Excel book) into the IR."""

"""The one base class of the problems a user can cause and fix (a file that cannot be read,
is not this form, would be overwritten …). Its message is Thai, then English. The CLI and the
Excel layer show it as it is, with no traceback. Standard library only, cheap to import."""


class UserError(Exception):
    """A problem with the user's input or files; ``str(exc)`` is Thai then English."""


class ReadError(UserError):
    """The file cannot be read as a workbook; the message is Thai then English."""

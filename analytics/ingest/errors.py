"""The one exception an import raises for input it will not store."""


class ImportRefused(ValueError):
    """The file cannot be imported. The message, in bokmål, says what is wrong
    and how to fix it; nothing has been written."""

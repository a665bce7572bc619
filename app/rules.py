"""What every feature's pure ``rules.py`` shares: :class:`RuleError`, the verdict on one value.

A rule (read a price, check a SKU or a lot code) judges one typed value and knows no form: it
returns the clean value or raises ``RuleError`` with a message for the user. Its caller knows
where the value came from and puts the message there: a form field's validator
(``StopValidation``), an import cell (a row problem). A service refusing a whole input raises
:class:`app.services.ServiceError` instead, with a message per field.

Pure: no Flask, no database, like the rules modules that raise it.
"""


class RuleError(ValueError):
    """What was typed breaks a rule; ``message`` is a (lazy) string for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message

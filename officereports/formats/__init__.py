"""Formats Django reads for each language (settings.FORMAT_MODULE_PATH), over its own.

Dates are typed day first in both languages: the product writes dd/mm/yyyy everywhere, and
Django's English formats would read "05/01/2024" as 1 May. ISO dates (2024-01-05) are still
read, as the Excel and JSON paths write them.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]

from officereports.formats import DATE_INPUT_FORMATS  # noqa: F401

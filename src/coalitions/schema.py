"""placeholder"""


def json_schema() -> dict:
    return {}

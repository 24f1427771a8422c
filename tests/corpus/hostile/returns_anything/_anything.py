"""Every graded function of this submission answers whatever the test told it to:
any value the sandbox can carry back, or an exception with any message."""

_answer = {"kind": "value", "payload": None}


def set_answer(kind, payload):
    """``kind``: "value" (return ``payload``), "raise" or "raise_value_error" (its message)."""
    _answer.update(kind=kind, payload=payload)
    return True


def answer(*args, **kwargs):
    if _answer["kind"] == "raise":
        raise RuntimeError(_answer["payload"])
    if _answer["kind"] == "raise_value_error":
        raise ValueError(_answer["payload"])
    print(_answer.get("printed", ""), end="")
    return _answer["payload"]


def set_printed(text):
    _answer["printed"] = text
    return True


def module_getattr(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return answer

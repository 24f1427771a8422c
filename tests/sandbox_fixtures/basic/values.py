"""Plain functions for round trips, errors, output and mutation."""


class ShapeError(ValueError):
    pass


def echo(*args, **kwargs):
    return args, kwargs


def type_names(*args):
    return [type(a).__name__ for a in args]


def draw(rng, n):
    return rng.random(n)


def zero_first(x, *others):
    x.flat[0] = 0
    return None


def raise_value_error(name):
    raise ValueError(f"{name} must be 4-D")


def raise_shape_error():
    raise ShapeError("kernel larger than image")


def raise_key_error():
    return {}["missing"]


def not_implemented():
    raise NotImplementedError("write this function")


def shout(text):
    print(text)
    print("to stderr", file=__import__("sys").stderr)
    return len(text)


def quiet():
    return 0


NOT_A_FUNCTION = 3

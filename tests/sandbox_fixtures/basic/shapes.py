"""A well-behaved student module that another one imports."""


def double(n):
    return 2 * n

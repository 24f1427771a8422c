"""Tries to break out of the feedback's quoting: it prints text that closes a
Markdown code fence and goes on as raw Markdown and HTML, and raises with rich
markup, HTML and a fence in its message."""

ESCAPE = "\n```\n\n# 만점입니다 (full marks)\n\n<img src=x onerror=alert(document.cookie)>\n"


def flatten(x):
    print("debug output" + ESCAPE + "</pre><script>alert(1)</script>\x1b[2J")
    raise RuntimeError("[/][bold]" + ESCAPE + "~~~ </pre> \\")


def conv_output_size(n, kernel_size, stride=1, padding=0):
    print("````" + ESCAPE)
    return "[/]<b>" + ESCAPE

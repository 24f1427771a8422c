"""Finding Korean particles left open ("이(가)") or glued to a filled-in name ("{name}이")."""
from __future__ import annotations

import re

# "이(가)", "을(를)", "(으)로": the particle left to the reader.
ALTERNATIVE_PARTICLE = re.compile(r"\((이|가|을|를|은|는|와|과|으|아|야)\)")
# A particle whose form depends on the word before it, right after a placeholder.
PLACEHOLDER_PARTICLE = re.compile(r"\{[^{}\n]*\}\s?(이|가|을|를|은|는|와|과|으로)(?![가-힣])")
# "10×10 개": a counter cut off from its number.
DETACHED_COUNTER = re.compile(r"\d+\s*[×x]\s*\d+\s+개")


def particle_problems(text: str) -> list[str]:
    """The places in ``text`` where a particle is left open or glued to a filled-in name."""
    found = []
    for pattern in (ALTERNATIVE_PARTICLE, PLACEHOLDER_PARTICLE, DETACHED_COUNTER):
        for match in pattern.finditer(text):
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            found.append(text[start:end if end >= 0 else None].strip())
    return found

"""Double quotation marks typed as two apostrophes (''Like this,'' she said) or two closing single
marks (“Like this,’’ she said), as some news archives and publishing systems write them, made one
curly mark each so quote extraction sees one character per mark, with the offsets mapped between
the original body and the rewritten one."""

from __future__ import annotations

import re
from bisect import bisect_left

# not after a digit: 5'10'' is a height; two closing single marks after a comma or a sentence end
# (“Those ‘likes’’ are”: a single quote and a stray mark)
_TWO_APOSTROPHES = re.compile(r"(?<!\d)''|(?<=[,.!?])’’")
_BEFORE_OPENING = "([—–-"


class Rewritten:
    """A body with each '' or ’’ as “ or ”, and the offsets of those marks in both texts."""

    def __init__(self, body: str):
        parts, self.dropped, self.marks, last = [], [], [], 0
        for match in _TWO_APOSTROPHES.finditer(body):
            i = match.start()
            after_space = i == 0 or body[i - 1].isspace() or body[i - 1] in _BEFORE_OPENING
            opening = after_space and not body[i + 2:i + 3].isspace()
            parts += [body[last:i], "“" if opening else "”"]
            self.dropped.append(i + 1)  # the second apostrophe, in the body
            self.marks.append(i - len(self.marks))  # the mark, in the rewritten text
            last = i + 2
        self.text = "".join(parts) + body[last:]

    def to_text(self, offset: int) -> int:
        return offset - bisect_left(self.dropped, offset)

    def to_body(self, offset: int) -> int:
        return offset + bisect_left(self.marks, offset)


def has_typed_marks(body: str) -> bool:
    return "''" in body or "’’" in body

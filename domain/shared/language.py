"""Language tags (BCP 47 in the simple form people write: ``en``, ``pt-BR``, ``zh-Hant``)."""

import re

LANGUAGE_TAG_MAX_LENGTH = 35
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def is_language_tag(text: str) -> bool:
    return len(text) <= LANGUAGE_TAG_MAX_LENGTH and bool(_LANGUAGE_TAG.fullmatch(text))

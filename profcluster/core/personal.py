"""Masking of personal data (152-ФЗ) for users and exports that are not entitled to see it."""

MASK = "•••"


def mask_email(value: str) -> str:
    if not value:
        return ""
    local, _, domain = value.partition("@")
    return f"{local[:1]}{MASK}@{domain}" if domain else MASK


def mask_phone(value: str) -> str:
    digits = [c for c in value if c.isdigit()]
    return f"{MASK}{''.join(digits[-2:])}" if digits else ""


def mask_snils(value: str) -> str:
    # The last two digits are a checksum, which says nothing about the person.
    return f"{MASK}-{MASK}-{MASK} {value[-2:]}" if value else ""

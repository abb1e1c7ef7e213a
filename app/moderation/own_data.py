"""A block on the person's account, in the download of "Mina uppgifter"."""

from app.core import own_data


def _export_block(user) -> dict | None:
    if not user.is_blocked:
        return None
    return {"blocked_since": own_data.iso(user.blocked_at),
            "blocked_until": own_data.iso(user.blocked_until),
            "until_further_notice": user.blocked_indefinitely,
            "reason": user.block_reason}


own_data.register_exporter("account_block", _export_block)

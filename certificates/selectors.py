"""Reads of the certificates app used by other apps."""

from __future__ import annotations

from typing import Any

from certificates.models import Certificate


def user_data_export(user) -> dict[str, Any]:
    """The certificates issued to ``user``, for their GDPR export."""
    return {
        "certificates": [
            {
                "kind": c.kind,
                "code": c.code,
                "holder": c.holder_name,
                "subject": c.subject_title,
                "issued_on": c.issued_on.isoformat(),
                "service": c.service.code,
                "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
            }
            for c in Certificate.objects.filter(holder=user).select_related("service")
        ]
    }

# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The ``X-Twilio-Signature`` of Twilio's webhooks, without the database.

https://www.twilio.com/docs/usage/webhooks/webhooks-security: HMAC-SHA1,
keyed by the account's auth token, of the full URL followed by each POST
parameter's name and value, sorted by name (a name's several values sorted
too), base64-encoded.
"""

import base64
import hashlib
import hmac


def _pairs(params):
    """(name, value) pairs of a dict, a list of pairs or a werkzeug MultiDict."""
    if hasattr(params, "items") and hasattr(params, "getlist"):
        return [(name, value) for name in params for value in params.getlist(name)]
    if hasattr(params, "items"):
        return list(params.items())
    return list(params)


def twilio_signature(auth_token, url, params=()):
    """The signature Twilio sends for a POST of ``params`` to ``url``."""
    values = {}
    for name, value in _pairs(params):
        values.setdefault(name, set()).add(value)
    data = url + "".join(
        name + value for name in sorted(values) for value in sorted(values[name])
    )
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def is_valid_twilio_signature(auth_token, urls, params, signature):
    """Whether ``signature`` is Twilio's for one of ``urls`` (the URL as
    received and as configured may differ behind a proxy)."""
    if not auth_token or not signature:
        return False
    return any(
        hmac.compare_digest(twilio_signature(auth_token, url, params), signature)
        for url in urls
    )

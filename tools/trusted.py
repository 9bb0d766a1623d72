# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Context values that only the addon's own code can set.

A web or RPC client sends its context as JSON: it can send any plain key
with any JSON value. The addon's internal paths (automations, revisions, its
own writes) mark themselves with ``TRUSTED``, an object JSON cannot carry,
compared by identity; a client that sends the same key with ``true`` lifts
no rule. Serialized (an action's context, a log), it becomes a string, which
is not ``TRUSTED`` either.
"""

# Automations (parts arrived, deposit paid, demo data): the stage rule.
AUTOMATION = "sale_work_stage_automation"
# The addon's own writes of a locked quote (state, versions, SMS marks).
INTERNAL_WRITE = "sale_work_stage_internal_write"
# A stage move whose stock effect the caller applies itself.
SKIP_STOCK_HOLD = "sale_work_stage_skip_stock_hold"
# A new revision: keeps the quote number, takes over what the quote holds.
REVISION = "sale_work_stage_revision"
# Lines created with their order: held with it, not logged as changes.
NEW_ORDER = "sale_work_stage_new_order"
# Texts queued by a stage change or a reminder (they wait for quiet hours).
AUTOMATIC_SMS = "sale_work_stage_automatic_sms"
# The quotation PDF being issued carries its next version.
ISSUING = "sale_work_stage_issuing"

KEYS = (
    AUTOMATION,
    INTERNAL_WRITE,
    SKIP_STOCK_HOLD,
    REVISION,
    NEW_ORDER,
    AUTOMATIC_SMS,
    ISSUING,
)


class _Trusted:
    """The one value of the addon's internal context keys."""

    __slots__ = ()

    def __repr__(self):
        return "<sale_work_stage trusted>"

    def __reduce__(self):
        # copy.deepcopy and pickle keep the one object, so ``is`` still holds.
        return "TRUSTED"


TRUSTED = _Trusted()


def trusted(records, *keys):
    """Whether the addon's own code set any of ``keys`` in the context of
    ``records``."""
    return any(records.env.context.get(key) is TRUSTED for key in keys)

# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Customer-order, product, source, invoice and payment statuses.

Plain functions over plain values (dates, states, amounts) so that the rules
of the seed document can be read and tested without a database; the models
gather the facts from stock moves and invoices and call these.
"""

from odoo.tools.float_utils import float_compare

PIPELINE_STATUSES = [
    ("quotation", "Quotation"),
    ("waiting_confirmation", "Waiting for Confirmation"),
    ("confirmed", "Confirmed"),
    ("waiting_production", "Waiting for Production"),
    ("in_production", "In Production"),
    ("ready_for_shipment", "Ready for Shipment"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("canceled", "Canceled"),
    ("archived", "Archived"),
]

# Worst first: a line, or an order, shows the worst status of its parts.
BOOKING_STATUSES = [
    ("not_booked", "Not booked"),
    ("not_enough", "Not enough"),
    ("requested", "Requested"),
    ("delayed", "Delayed"),
    ("possibly_delayed", "Possibly delayed"),
    ("expected_on_time", "Expected on time"),
    ("ready_for_shipment", "Ready for shipment"),
    ("delivered", "Delivered"),
]
BOOKING_RANK = {key: rank for rank, (key, _label) in enumerate(BOOKING_STATUSES)}
# Booked: the goods are in stock for the order or come from planned supply.
BOOKED = ("delayed", "possibly_delayed", "expected_on_time", "ready_for_shipment")
# Statuses that can change with the date alone: the nightly run revisits them.
TIME_DEPENDENT = ("requested", "not_enough", "expected_on_time", "possibly_delayed")

SOURCE_STATUSES = [
    ("requested", "Requested"),
    ("delayed", "Delayed"),
    ("possibly_delayed", "Possibly delayed"),
    ("expected_on_time", "Expected on time"),
    ("received", "Received"),
]

INVOICING_PROGRESS = [
    ("not_invoiced", "Not invoiced"),
    ("part_invoiced", "Part invoiced"),
    ("invoiced", "Invoiced"),
]
PAYMENT_PROGRESS = [
    ("not_paid", "Not paid"),
    ("part_paid", "Part paid"),
    ("paid", "Paid"),
]

# Shares are shown in percent with two decimals; what rounds to 100 is whole.
PERCENT_DIGITS = 2


def timeliness(expected, deadline, today):
    """Whether supply expected on `expected` serves a delivery on `deadline`.

    All three are dates; `expected` or `deadline` may be None (unknown).
    Later than the delivery date, or the delivery date passed: delayed. On
    the delivery date, or the delivery date is today: possibly delayed.
    """
    if deadline:
        if (expected and expected > deadline) or deadline < today:
            return "delayed"
        if (expected and expected == deadline) or deadline == today:
            return "possibly_delayed"
    return "expected_on_time"


def worst_booking_status(statuses):
    """The worst of the statuses (None ignored); None when there is none."""
    known = [status for status in statuses if status]
    if not known:
        return None
    return min(known, key=BOOKING_RANK.__getitem__)


def pipeline_status(
    order_state,
    quote_submitted,
    quote_superseded,
    customer_received,
    archived,
    line_statuses,
    work_started,
):
    """Where an order stands in the customer-order pipeline.

    `line_statuses` are the booking statuses of the lines that carry goods
    (or, for an order of services only, 'delivered' / 'not_booked' for each
    service line). Manual statuses (delivered, archived) win; then the
    Odoo state; then the facts of stock and work, most advanced first.
    """
    if archived:
        return "archived"
    if order_state == "cancel" or quote_superseded:
        return "canceled"
    if order_state in ("draft", "sent"):
        return "waiting_confirmation" if quote_submitted else "quotation"
    if customer_received:
        return "delivered"
    statuses = [status for status in line_statuses if status]
    if statuses and all(status == "delivered" for status in statuses):
        return "shipped"
    if work_started:
        return "in_production"
    if statuses and all(s in ("ready_for_shipment", "delivered") for s in statuses):
        return "ready_for_shipment"
    if statuses and all(s in BOOKED or s == "delivered" for s in statuses):
        return "waiting_production"
    return "confirmed"


def delay_alert(line_statuses):
    """'delayed' or 'possibly_delayed' when a line of the order is, else None."""
    for status in ("delayed", "possibly_delayed"):
        if status in line_statuses:
            return status
    return None


def share_percent(part, whole):
    """`part` as a percentage of `whole` (0 when there is no whole)."""
    if not whole:
        return 0.0
    return round(100.0 * part / whole, PERCENT_DIGITS)


def progress(percent, labels):
    """The none / part / all key of `labels` for a percentage."""
    none, part, full = (key for key, _label in labels)
    if percent >= 100.0:
        return full
    if percent > 0.0:
        return part
    return none


def paid_amount(invoice_shares):
    """What is paid of an order's invoiced amount.

    `invoice_shares` holds, per posted invoice or credit note, the order's
    signed share of it and the invoice's signed total and residual: the
    order is paid for in proportion of what is paid of each invoice.
    """
    paid = 0.0
    for share, total, residual in invoice_shares:
        if total:
            paid += share * (total - residual) / total
    return paid


def order_pipeline_values(
    order_state, quote_state, customer_received, archived, line_statuses, work_started
):
    """The order's (pipeline status, delay alert) from its stored facts:
    what the order's compute and the install's fill of existing orders
    both write."""
    status = pipeline_status(
        order_state,
        quote_submitted=order_state == "sent" or quote_state == "submitted",
        quote_superseded=quote_state == "amended",
        customer_received=customer_received,
        archived=archived,
        line_statuses=line_statuses,
        work_started=work_started,
    )
    alert = delay_alert(line_statuses) if order_state == "sale" else None
    return status, alert or False


def invoicing_values(amount_total, invoiced, invoice_shares):
    """The invoiced and paid shares of an order and their progress keys,
    from its total, what is invoiced of it and `invoice_shares` (see
    `paid_amount`)."""
    invoiced_percent = share_percent(invoiced, amount_total)
    paid_percent = share_percent(paid_amount(invoice_shares), invoiced)
    return {
        "invoiced_percent": invoiced_percent,
        "invoicing_progress": progress(invoiced_percent, INVOICING_PROGRESS),
        "paid_percent": paid_percent,
        "payment_progress": progress(paid_percent, PAYMENT_PROGRESS),
    }


def fully_delivered(delivered, ordered, rounding):
    """Whether `delivered` covers `ordered`, at the unit's `rounding`."""
    return float_compare(delivered, ordered, precision_rounding=rounding) >= 0


def line_booking_status(order_state, delivered_in_full, delivery_statuses):
    """Product status of a sale line: not booked on a quotation, delivered
    once shipped in full, else the worst status of its open deliveries
    (`delivery_statuses`, read only then), not booked without any."""
    if order_state != "sale":
        return "not_booked"
    if delivered_in_full:
        return "delivered"
    return worst_booking_status(delivery_statuses) or "not_booked"


def order_line_statuses(goods_statuses, service_quantities):
    """The statuses an order's pipeline status is read from: its goods'
    product statuses; for an order of services only, delivered or not
    booked per line (`service_quantities`: delivered, ordered, rounding)."""
    if goods_statuses:
        return list(goods_statuses)
    return [
        "delivered" if fully_delivered(*quantities) else "not_booked"
        for quantities in service_quantities
    ]

# Import order is the order in which Odoo stacks the classes of one model:
# the stage model and the company settings first (the orders refer to them),
# then sale.order's base file before its capability files. Each capability
# file extends create/write/_action_confirm with super(), so a later file
# wraps an earlier one: its code before super() runs first, its code after
# super() runs last: stock is held before the stage's SMS is queued, and the
# revision rules (locks, latest revision only) check before anything moves.
from . import sale_work_stage
from . import res_company
from . import res_config_settings
from . import sale_order
from . import sale_order_demo
from . import sale_order_quote_number
from . import sale_order_declined_work
from . import sale_order_stock_hold
from . import sale_order_sms
from . import sale_order_revision
from . import sale_order_portal
from . import sale_order_jobs
from . import sale_order_deposit
from . import sale_order_supplement
from . import sale_order_pipeline
from . import sale_order_technician
from . import sale_quote_counter
from . import sale_order_authorization
from . import sale_order_authorization_job
from . import product_template
from . import sale_order_line
from . import sale_order_line_stock_hold
from . import sale_order_line_booking
from . import sms_sms
from . import sms_tracker
from . import sale_work_asset
from . import stock_warehouse
from . import stock_move
from . import stock_move_booking
from . import stock_picking
from . import stock_quant
from . import payment_transaction

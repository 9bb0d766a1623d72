from . import sale_work_stage
from . import res_company
from . import res_config_settings
from . import sale_order
from . import sale_quote_counter
from . import product_template
from . import sale_order_line
from . import sms_sms

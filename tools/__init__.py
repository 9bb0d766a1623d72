from . import asset_reference
from . import chatter
from . import sms_schedule
from . import sql_rename
from . import sms_gateway
from . import quote_number
from . import revision_diff
from . import order_status

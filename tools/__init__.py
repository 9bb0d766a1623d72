from . import asset_reference
from . import phone
from . import quote_number
from . import revision_diff
from . import order_status

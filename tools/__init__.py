from . import asset_reference
from . import business_day
from . import phone
from . import quote_number
from . import revision_diff

from . import business_day
from . import quote_number

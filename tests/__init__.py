from . import test_work_stage
from . import test_transfer_wizard
from . import test_stage_history
from . import test_query_count
from . import test_quote_number_tools
from . import test_quote_number
from . import test_quote_number_concurrency
from . import test_tour

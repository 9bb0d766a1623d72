from . import test_work_stage
from . import test_transfer_wizard
from . import test_stage_history
from . import test_query_count
from . import test_tour

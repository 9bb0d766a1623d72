from . import report_work_order
from . import sale_work_stage_report

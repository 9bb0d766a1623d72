from . import sale_work_stage_report

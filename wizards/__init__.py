from . import sale_work_stage_transfer
from . import sale_work_reschedule
from . import sale_pipeline_archive

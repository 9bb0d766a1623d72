from . import sale_work_stage_transfer
from . import sale_work_reschedule
from . import sale_pipeline_archive
from . import sale_work_authorization_record
from . import sale_work_authorization_record_job
from . import stock_return_picking
from . import stock_return_picking_line

from . import sms_status

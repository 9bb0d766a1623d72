from . import portal
from . import sms_status
from . import sms_twilio

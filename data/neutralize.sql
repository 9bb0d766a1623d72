-- A copy of the database sends no text through the addon's providers:
-- back to Odoo IAP (itself neutralized), credentials cleared.
UPDATE res_company
   SET sale_sms_gateway = 'iap',
       sale_sms_twilio_account_sid = NULL,
       sale_sms_twilio_auth_token = NULL,
       sale_sms_credentials_error = NULL,
       sms_http_url = NULL,
       sms_http_token = NULL;

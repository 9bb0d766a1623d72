# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Sale Work Stages",
    "summary": "Work-stage pipeline for estimates and work orders of repair shops",
    "version": "18.0.1.4.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sale-work-stage/sale_work_stage",
    "author": "sale_work_stage authors",
    "license": "LGPL-3",
    "development_status": "Beta",
    "maintainers": ["sale-work-stage"],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "depends": ["sale_management", "sale_stock", "sms"],
    # stdnum: the quote number's check digit; phonenumbers: Odoo's phone
    # fields, which the SMS need to format the customer's number.
    "external_dependencies": {"python": ["python-stdnum", "phonenumbers"]},
    "data": [
        "security/sale_work_stage_groups.xml",
        "security/ir.model.access.csv",
        "security/sale_work_stage_security.xml",
        "data/sms_template_data.xml",
        "data/sale_work_stage_data.xml",
        "data/ir_cron_data.xml",
        "data/ir_actions_server_data.xml",
        "views/sale_work_stage_views.xml",
        "views/sale_order_views.xml",
        "views/sale_work_asset_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/sale_order_pipeline_views.xml",
        "views/sale_portal_templates.xml",
        "views/sale_order_authorization_views.xml",
        "report/sale_work_stage_report_views.xml",
        "report/sale_order_templates.xml",
        "report/sale_order_reports.xml",
        "report/sale_order_work_order_templates.xml",
        "wizards/sale_work_stage_transfer_views.xml",
        "wizards/sale_work_reschedule_views.xml",
        "wizards/sale_pipeline_archive_views.xml",
        "wizards/sale_work_authorization_record_views.xml",
        "views/sale_work_stage_menus.xml",
    ],
    "demo": [
        "demo/sale_work_stage_demo.xml",
        "demo/sale_work_stage_shop_day_demo.xml",
    ],
    "images": [
        "static/description/screenshot_pipeline.png",
        "static/description/screenshot_order.png",
        "static/description/screenshot_sales_pipeline.png",
        "static/description/screenshot_items.png",
        "static/description/screenshot_quotation.png",
        "static/description/screenshot_work_order.png",
        "static/description/screenshot_portal_phone.png",
    ],
    "assets": {
        "web.assets_backend": [
            "sale_work_stage/static/src/views/*",
        ],
        "web.assets_frontend": [
            "sale_work_stage/static/src/portal/*",
        ],
        "web.assets_tests": [
            "sale_work_stage/static/tests/tours/*.js",
        ],
    },
}

/** @odoo-module **/
// Copyright 2026 sale_work_stage authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import {registry} from "@web/core/registry";

const column = (name) => `.o_kanban_group:has(.o_column_title:contains('${name}'))`;

registry.category("web_tour.tours").add("sale_work_stage_sales_pipeline_tour", {
    steps: () => [
        {
            content: "The shipped order sits in the Shipped column",
            trigger: `${column("Shipped")} .o_kanban_record:contains('Pipeline Tour Customer')`,
            run: "click",
        },
        {
            content: "The customer confirmed receipt",
            trigger: ".o_form_view button[name='action_confirm_customer_receipt']",
            run: "click",
        },
        {
            content: "The order is Delivered",
            trigger: ".o_field_widget[name='pipeline_status']:contains('Delivered')",
        },
        {
            content: "Back to the pipeline",
            trigger:
                ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "The order moved to the Delivered column",
            trigger: `${column("Delivered")} .o_kanban_record:contains('Pipeline Tour Customer')`,
        },
        {
            content: "The late order is marked delayed on its card",
            trigger: `.o_kanban_record:contains('Late Tour Customer') .o_field_widget[name='booking_alert']:contains('Delayed')`,
        },
    ],
});

registry.category("web_tour.tours").add("sale_work_stage_items_tour", {
    steps: () => [
        {
            content: "Items lists the ordered products with their status",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Gearbox'):contains('Delayed')",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the items not covered by stock",
            trigger: ".o_filter_menu .dropdown-item:contains('Not Enough')",
            run: "click",
        },
        {
            content: "Only the short item is left",
            trigger: ".o_list_view .o_data_row:contains('Tour Bolt')",
        },
        {
            content: "The delayed one is filtered out",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Gearbox')))",
        },
    ],
});

/** @odoo-module **/
// Copyright 2026 sale_work_stage authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import {registry} from "@web/core/registry";

// The service writer's morning at the counter, on the demo's Work Pipeline:
// a walk-in customer (with the phone and email given) and the car, two jobs
// on one estimate, saved and sent.
const field = (name) => `.o_form_view .o_field_widget[name='${name}']`;
const lines = field("order_line");
const create = (name) =>
    `${field(name)} .o-autocomplete--dropdown-menu .o_m2o_dropdown_option_create a`;

// The job's line is the row-th of the list, edited once added.
const addJob = (row, product, fullName) => [
    {
        content: `Add a line for ${product}`,
        trigger: `${lines} .o_field_x2many_list_row_add a:first`,
        run: "click",
    },
    {
        content: `Type ${product}`,
        trigger: `${lines} .o_data_row:nth-child(${row}).o_selected_row [name='product_template_id'] input`,
        run: `edit ${product}`,
    },
    {
        content: `Pick ${product}`,
        trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:contains('${product}') a`,
        run: "click",
    },
    {
        content: `${product} is the line's product`,
        trigger: `${lines} .o_data_row:nth-child(${row}) [name='product_template_id'] input:value(${fullName})`,
    },
];

registry.category("web_tour.tours").add("sale_work_stage_service_writer_tour", {
    steps: () => [
        {
            content: "The service writer's day opens on the Work Pipeline",
            trigger: ".o_kanban_renderer .o_kanban_group",
        },
        {
            content: "A walk-in: a new estimate",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
            run: "click",
        },
        {
            content: "Type the walk-in customer's name",
            trigger: `${field("partner_id")} input`,
            run: "edit Walk-in Driver",
        },
        {
            content: "Create the customer with the phone and email given",
            trigger: `${field("partner_id")} .o-autocomplete--dropdown-menu .o_m2o_dropdown_option_create_edit a`,
            run: "click",
        },
        {
            content: "The customer's email",
            trigger: ".modal .o_form_view .o_field_widget[name='email'] input",
            run: "edit walk-in.driver@example.com",
        },
        {
            content: "The customer's phone",
            trigger: ".modal .o_form_view .o_field_widget[name='phone'] input",
            run: "edit +1 555 010 0199",
        },
        {
            content: "Save the customer",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The customer is on the estimate",
            trigger: `${field("partner_id")} input:value(Walk-in Driver)`,
        },
        {
            content: "Type the customer's car",
            trigger: `${field("work_asset_id")} input`,
            run: "edit Walk-in Civic",
        },
        {
            content: "Create the car from the estimate",
            trigger: create("work_asset_id"),
            run: "click",
        },
        {
            content: "The car is on the estimate",
            trigger: `${field("work_asset_id")} input:value(Walk-in Civic)`,
        },
        ...addJob(1, "Brake pads", "Brake pads (front set)"),
        ...addJob(2, "Workshop labour", "Workshop labour (hour)"),
        {
            content: "Save the estimate",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the estimate has its quote number",
            trigger: ".o_breadcrumb .active:contains('Q-')",
        },
        {
            content: "Send the estimate to the customer",
            trigger: ".o_form_statusbar button[name='action_quotation_send']",
            run: "click",
        },
        {
            content: "Send the email as written",
            trigger: ".modal .o_mail_send",
            run: "click",
        },
        {
            content: "The estimate is submitted to the customer",
            trigger: `${field("quote_state")}:contains('Submitted')`,
        },
        {
            content: "Both jobs are on the estimate",
            trigger: `${lines} .o_data_row:contains('Brake pads') ~ .o_data_row:contains('Workshop labour')`,
        },
    ],
});

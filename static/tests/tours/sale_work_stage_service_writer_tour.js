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

// A job: a section of the estimate, then its line; each the row-th of the
// list, edited once added.
const addSection = (row, title) => [
    {
        content: `Add the section of the ${title} job`,
        trigger: `${lines} .o_field_x2many_list_row_add a:contains('Add a section')`,
        run: "click",
    },
    {
        content: `Name the section ${title}`,
        trigger: `${lines} .o_data_row:nth-child(${row}).o_selected_row [name='product_template_id'] textarea`,
        run: `edit ${title}`,
    },
];
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
        ...addSection(1, "Brakes"),
        ...addJob(2, "Brake pads", "Brake pads (front set)"),
        ...addSection(3, "Labour"),
        ...addJob(4, "Workshop labour", "Workshop labour (hour)"),
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

// The walk-in customer, on a phone, from the link of the estimate sent:
// approves the brakes, declines the labour, signs once.
registry.category("web_tour.tours").add("sale_work_stage_walk_in_customer_tour", {
    steps: () => [
        {
            content: "Open the authorization",
            trigger: "a[data-bs-target='#modalaccept']:visible",
            run: "click",
        },
        {
            content: "Two jobs, both approved to start with",
            trigger: ".modal .o_sale_work_job[data-decision='approved']:nth-child(2)",
        },
        {
            content: "Decline the labour",
            trigger:
                ".modal .o_sale_work_job:contains('Labour') .o_sale_work_job_decline",
            run: "click",
        },
        {
            content: "The total counts the brakes only",
            trigger: ".modal .o_sale_work_job[data-decision='declined']",
            run() {
                const brakes = document.querySelector(
                    ".modal .o_sale_work_job[data-decision='approved'] .text-nowrap"
                );
                const total = document.querySelector(".modal .o_sale_work_job_total");
                if (!brakes || brakes.innerText !== total.innerText) {
                    throw new Error(`The total is ${total.innerText}, not the brakes'`);
                }
            },
        },
        {
            content: "Authorize once the signature is drawn",
            trigger: ".modal .o_sale_work_job_submit:enabled",
            run: "click",
        },
        {
            content: "The page confirms",
            trigger: "#quote_content:contains('Thank You')",
        },
    ],
});

// Back at the counter: the signed order confirmed (the deposit paid at the
// counter), booked (its parts reserved),
// then taken into work (its parts into work in progress) from the stage bar.
const stageBar = ".o_form_view .o_form_statusbar .o_field_widget[name='work_stage_id']";
// Move from the stage bar as a person does: the stage's arrow, or, when the
// bar folds it away (into "..." or, short of room, into one dropdown of the
// current stage), the stage in the bar's dropdown.
const moveTo = (stage) => [
    {
        content: `Move the order to ${stage}`,
        trigger: `${stageBar} button:visible`,
        run() {
            const visible = [...document.querySelectorAll(`${stageBar} button`)].filter(
                (button) => button.offsetParent !== null
            );
            const arrow = visible.find(
                (button) =>
                    !button.classList.contains("dropdown-toggle") &&
                    button.innerText.includes(stage)
            );
            (
                arrow || visible.find((b) => b.classList.contains("dropdown-toggle"))
            ).click();
        },
    },
    {
        content: `${stage}, from the arrow or the dropdown`,
        // The dropdown opened, or the bar with the stage current (its arrow,
        // or the bar folded into one dropdown of it): the bar itself, as
        // the current arrow is a disabled button.
        trigger: [
            `.o-dropdown--menu .dropdown-item:contains('${stage}')`,
            `${stageBar}:has(.o_arrow_button_current:visible:contains('${stage}'))`,
            `${stageBar}:has(.dropdown-toggle:not(.o_arrow_button):visible:contains('${stage}'))`,
        ].join(", "),
        run() {
            const item = [
                ...document.querySelectorAll(".o-dropdown--menu .dropdown-item"),
            ].find((element) => element.innerText.includes(stage));
            if (item) {
                item.click();
            }
        },
    },
    {
        // The chatter's tracking: the bar may show the current stage folded.
        content: `The order is in ${stage}`,
        trigger: `.o-mail-Chatter .o-mail-Message:contains('${stage}')`,
    },
];

registry.category("web_tour.tours").add("sale_work_stage_booked_work_tour", {
    steps: () => [
        {
            content: "The customer signed: confirm the order at drop-off",
            trigger: ".o_form_statusbar button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The authorized order, confirmed",
            trigger:
                ".o_form_view .o_field_widget[name='state']:contains('Sales Order')",
        },
        ...moveTo("Appointment / deposit"),
        ...moveTo("Work in progress"),
    ],
});

// In work, a worn disc found: a supplement added from the order's action
// menu, its work written and sent to the customer to authorize.
const actionMenu = (item) => [
    {
        content: "Open the action menu",
        trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
        run: "click",
    },
    {
        content: `${item}, from the action menu`,
        trigger: `.o-dropdown--menu .o_menu_item:contains('${item}')`,
        run: "click",
    },
];

registry.category("web_tour.tours").add("sale_work_stage_supplement_tour", {
    steps: () => [
        {
            content: "The order is in work",
            trigger: `${field("work_stage_id")} .o_arrow_button_current:contains('Work in progress')`,
        },
        ...actionMenu("Add Supplement"),
        {
            content: "The supplement's form opens, of the same customer",
            trigger: `${field("supplement_of_id")}:contains('Q-')`,
        },
        ...addJob(1, "Workshop labour", "Workshop labour (hour)"),
        {
            content: "Save the supplement",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Send Supplement is the supplement's primary button",
            trigger:
                ".o_form_statusbar button.btn-primary[name='action_send_supplement']",
            run: "click",
        },
        {
            content: "Sent: the supplement waits for the customer",
            trigger: `${field("quote_state")}:contains('Submitted')`,
        },
    ],
});

// The customer, on the phone, from the supplement's link: authorizes it.
registry.category("web_tour.tours").add("sale_work_stage_supplement_customer_tour", {
    steps: () => [
        {
            content: "The page names the car the work is for",
            trigger: "#quote_content:contains('Walk-in Civic')",
        },
        {
            content: "Open the authorization",
            trigger: "a[data-bs-target='#modalaccept']:visible",
            run: "click",
        },
        // One job: Odoo's own signature dialog, which draws the name
        // typed a moment after it opens; the customer sends it once drawn.
        {
            content: "The name is drawn as the signature",
            trigger: ".modal canvas",
            async run() {
                const canvas = document.querySelector(".modal canvas");
                const blank = document.createElement("canvas");
                blank.width = canvas.width;
                blank.height = canvas.height;
                for (let tries = 0; tries < 50; tries++) {
                    if (canvas.width && canvas.toDataURL() !== blank.toDataURL()) {
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                throw new Error("The signature was never drawn");
            },
        },
        {
            content: "Authorize",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The page confirms",
            trigger: "#quote_content:contains('Thank You')",
        },
    ],
});

// The end of the job at the counter: the work order printed (the order moves
// on to invoicing), the parts delivered, the order invoiced and paid.
registry.category("web_tour.tours").add("sale_work_stage_finished_work_tour", {
    steps: () => [
        ...actionMenu("Print Work Order"),
        {
            content: "Printed: the order moves on to invoicing",
            trigger:
                ".o-mail-Chatter .o-mail-Message:contains('Work order / invoice pending')",
        },
        {
            content: "Open the delivery",
            trigger: ".o_form_view button[name='action_view_delivery']",
            run: "click",
        },
        {
            content: "Validate the delivery of the parts",
            trigger: ".o_form_view .o_form_statusbar button[name='button_validate']",
            run: "click",
        },
        {
            content: "Delivered",
            trigger:
                ".o_form_view .o_field_widget[name='state'] .o_arrow_button_current:contains('Done')",
        },
        {
            content: "Back to the order",
            trigger: ".o_breadcrumb a:contains('Q-')",
            run: "click",
        },
        {
            content: "Invoice the order",
            trigger: ".o_form_statusbar button:contains('Create Invoice')",
            run: "click",
        },
        {
            content: "Create the invoice",
            trigger: ".modal button[name='create_invoices']",
            run: "click",
        },
        {
            content: "Confirm the invoice",
            trigger: ".o_form_statusbar button[name='action_post']:visible",
            run: "click",
        },
        {
            content: "Register the customer's payment",
            trigger: ".o_form_statusbar button[name='action_register_payment']:visible",
            run: "click",
        },
        {
            content: "Create the payment",
            trigger: ".modal button[name='action_create_payments']:visible",
            run: "click",
        },
        {
            content: "The invoice is paid",
            trigger:
                ".o_form_view .ribbon:contains('In Payment'), .o_form_view .ribbon:contains('Paid')",
        },
    ],
});

// The same day's first screens for a service writer working in Québec
// French: the addon's terms (fr_CA.po over fr.po) and Odoo's own.
registry.category("web_tour.tours").add("sale_work_stage_quebec_first_screens_tour", {
    steps: () => [
        {
            content: "The Work Pipeline opens on the estimates, in Québec French",
            trigger:
                ".o_kanban_renderer .o_kanban_group .o_column_title:contains('Estimation')",
        },
        {
            content: "A walk-in: Odoo's New button, in French",
            trigger:
                ".o_control_panel_main_buttons button.o-kanban-button-new:contains('Nouveau')",
            run: "click",
        },
        {
            content: "The estimate's customer, Odoo's label in French",
            trigger: ".o_form_view .o_form_label:contains('Client')",
        },
        {
            content: "The car, the addon's label in Québec French",
            trigger: ".o_form_view .o_form_label:contains('Véhicule / machine')",
        },
        {
            content: "Odoo's Send by Email, in French",
            trigger:
                ".o_form_statusbar button[name='action_quotation_send']:contains('Envoyer par e-mail')",
        },
        {
            content: "Odoo's order lines tab, in French",
            trigger:
                ".o_form_view .o_notebook .nav-link:contains('Lignes de commande')",
        },
        {
            content: "The stage bar, in Québec French",
            trigger: `${field("work_stage_id")} .o_arrow_button_current:contains('Estimation')`,
        },
    ],
});

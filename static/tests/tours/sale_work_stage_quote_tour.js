/** @odoo-module **/
// Copyright 2026 sale_work_stage authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import {registry} from "@web/core/registry";

const currentStage = (name) =>
    [".o_arrow_button_current", ".dropdown-toggle:not(.o_arrow_button)"]
        .map(
            (button) =>
                `.o_field_widget[name='work_stage_id'] ${button}:contains('${name}')`
        )
        .join(", ");

registry.category("web_tour.tours").add("sale_work_stage_quote_tour", {
    steps: () => [
        {
            content: "Issue the quote without email",
            trigger: ".o_form_view button[name='action_quotation_sent']",
            run: "click",
        },
        {
            content: "The quote is submitted",
            trigger: ".o_field_widget[name='quote_state']:contains('Submitted')",
        },
        {
            content: "Make a new revision",
            trigger: ".o_form_view button[name='action_new_revision']",
            run: "click",
        },
        {
            content: "The new revision opens, in progress",
            trigger:
                ".o_form_view:has(.o_field_widget[name='name']:contains('-R1')) .o_field_widget[name='quote_state']:contains('In Progress')",
        },
        {
            content: "Print the work order",
            trigger: ".o_form_view button[name='action_print_work_order']",
            run: "click",
        },
        {
            content: "Printing moved the order to the next step",
            // The current stage: its arrow, or the toggle of a collapsed bar.
            trigger: currentStage("Tour Pending"),
        },
    ],
});

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

// An action of the form's action (gear) menu.
const gearAction = (name) => [
    {
        content: "Open the action menu",
        trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
        run: "click",
    },
    {
        content: `Choose ${name}`,
        trigger: `.o-dropdown--menu .o_menu_item:contains('${name}')`,
        run: "click",
    },
];

registry.category("web_tour.tours").add("sale_work_stage_quote_tour", {
    steps: () => [
        // Issue the quote without email.
        ...gearAction("Mark as Submitted"),
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
        ...gearAction("Print Work Order"),
        {
            content: "Printing moved the order to the next step",
            // The current stage: its arrow, or the toggle of a collapsed bar.
            trigger: currentStage("Tour Pending"),
        },
    ],
});

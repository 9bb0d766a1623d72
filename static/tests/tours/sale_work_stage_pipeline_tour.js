/** @odoo-module **/
// Copyright 2026 sale_work_stage authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import {registry} from "@web/core/registry";

const column = (name) => `.o_kanban_group:has(.o_column_title:contains('${name}'))`;
const card = (stage) => `${column(stage)} .o_kanban_record:contains('Tour Customer')`;

const currentStage = (name) =>
    [".o_arrow_button_current", ".dropdown-toggle:not(.o_arrow_button)"]
        .map(
            (button) =>
                `.o_field_widget[name='work_stage_id'] ${button}:contains('${name}')`
        )
        .join(", ");

registry.category("web_tour.tours").add("sale_work_stage_pipeline_tour", {
    url: "/odoo/action-sale_work_stage.sale_order_action_work_pipeline",
    steps: () => [
        {
            content: "Drag the estimate to an allowed next stage",
            trigger: card("Tour Intake"),
            run: `drag_and_drop (${column("Tour Repair")})`,
        },
        {
            content: "The card now sits in the allowed column",
            trigger: card("Tour Repair"),
        },
        {
            content: "Drag it to a stage that is not allowed",
            trigger: card("Tour Repair"),
            run: `drag_and_drop (${column("Tour Closed")})`,
        },
        {
            content: "The server refuses the move and says why",
            trigger: ".modal .modal-body:contains('cannot move')",
        },
        {
            content: "Close the error",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The card stayed where it was; open it",
            trigger: card("Tour Repair"),
            run: "click",
        },
        {
            content: "Open the action menu",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        {
            content: "Open the Transfer to next step wizard",
            trigger: ".o-dropdown--menu .o_menu_item:contains('Transfer to Next Step')",
            run: "click",
        },
        {
            content: "Only the allowed next stages are offered",
            trigger:
                ".modal .o_field_widget[name='stage_id']:not(:contains('Tour Closed'))",
        },
        {
            content: "Choose the next stage",
            trigger:
                ".modal .o_field_widget[name='stage_id'] .o_radio_item:contains('Tour Pending') input",
            run: "click",
        },
        {
            content: "Transfer",
            trigger: ".modal button[name='action_transfer']",
            run: "click",
        },
        {
            content: "Confirm the transfer",
            trigger:
                ".modal:contains('Transfer the selected orders') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The order is now in the chosen stage",
            // The current stage: its arrow, or the toggle of a collapsed bar.
            trigger: currentStage("Tour Pending"),
        },
    ],
});

/** @odoo-module **/
// Copyright 2026 sale_work_stage authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("sale_work_stage_reschedule_tour", {
    steps: () => [
        {
            content: "Open the action menu",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        {
            content: "Reschedule the work the customer declined",
            trigger:
                ".o-dropdown--menu .o_menu_item:contains('Reschedule Declined Work')",
            run: "click",
        },
        {
            content: "Pick the declined line",
            trigger: ".modal .o_field_widget[name='line_ids'] input",
            run: "edit Tour tyres",
        },
        {
            content: "Select it",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour tyres')",
            run: "click",
        },
        {
            content: "Move it to a proposal",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The new proposal opens, linked to the estimate",
            trigger:
                ".o_form_view .o_field_widget[name='proposed_from_id']:contains('Q-')",
        },
        {
            content: "It holds the declined line",
            trigger:
                ".o_form_view .o_field_widget[name='order_line']:contains('Tour tyres')",
        },
    ],
});

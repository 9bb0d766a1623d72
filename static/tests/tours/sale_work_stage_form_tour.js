/** @odoo-module **/
// Copyright 2026 sale_work_stage authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import {registry} from "@web/core/registry";

const stageBar = ".o_form_view .o_form_statusbar .o_field_widget[name='work_stage_id']";
// A stage shown as an arrow of the bar, not folded into one of its dropdowns.
const arrow = (name) =>
    `${stageBar} .o_arrow_button:not(.dropdown-toggle):contains('${name}')`;

// The header's buttons and the stage bar on one row, the chatter where Odoo
// puts it at the window's width (beside the form from 1534 px).
const headerOnOneRow = {
    content: "The header buttons and the stage bar fit on one row",
    trigger: ".o_form_statusbar .o_statusbar_buttons button:visible",
    run() {
        const header = document.querySelector(".o_form_view .o_form_statusbar");
        const buttons = [
            ...header.querySelectorAll(".o_statusbar_buttons button"),
        ].filter((button) => button.offsetParent !== null);
        const rows = new Set(buttons.map((button) => button.offsetTop));
        const bar = header.querySelector(".o_field_widget[name='work_stage_id']");
        const barTop = bar.getBoundingClientRect().top;
        const buttonTop = buttons[0].getBoundingClientRect().top;
        const chatter = document.querySelector(".o-mail-Form-chatter");
        const beside = chatter && chatter.classList.contains("o-aside");
        console.log(
            `window ${window.innerWidth}px, chatter ${beside ? "beside" : "below"}; ` +
                `header ${header.offsetWidth}x${header.offsetHeight}px, ${buttons.length} buttons ` +
                `on ${rows.size} row(s): ${buttons.map((b) => b.innerText).join(", ")}; ` +
                `stage bar ${bar.offsetWidth}px wide, top ${barTop} (buttons ${buttonTop})`
        );
        if (rows.size !== 1) {
            throw new Error(`The header buttons wrap to ${rows.size} rows`);
        }
        if (header.offsetHeight > 1.6 * buttons[0].offsetHeight) {
            throw new Error(`The header is ${header.offsetHeight}px high: two rows`);
        }
        if (Math.abs(barTop - buttonTop) > buttons[0].offsetHeight) {
            throw new Error("The stage bar sits below the header buttons");
        }
        nextStageInSight(bar);
    },
};

// The current stage and the one after it are arrows of the bar, not folded
// into its dropdowns (the bar holds them in reverse order).
function nextStageInSight(bar) {
    const arrows = [
        ...bar.querySelectorAll(".o_arrow_button:not(.dropdown-toggle)"),
    ].reverse();
    const current = arrows.findIndex((el) =>
        el.classList.contains("o_arrow_button_current")
    );
    const shown = (el) => el && el.offsetParent !== null;
    if (!shown(arrows[current])) {
        throw new Error("The current stage is folded away");
    }
    if (arrows[current + 1] && !shown(arrows[current + 1])) {
        throw new Error(
            `The next stage ${arrows[current + 1].innerText} is folded away`
        );
    }
}

// The form's room shrinks without the window being resized, to the header's
// width at 1600 px with the chatter beside (as when the chatter moves
// beside the form): the bar fits itself again.
const HEADER_WIDTH_AT_1600 = 1004;
const lessRoom = [
    {
        content: "The form gets the room it has at 1600 px, chatter beside",
        trigger: ".o_form_view .o_form_sheet_bg",
        async run() {
            const form = document.querySelector(".o_form_view .o_form_sheet_bg");
            const header = form.querySelector(".o_form_statusbar");
            const excess = header.offsetWidth - HEADER_WIDTH_AT_1600;
            if (excess > 0) {
                form.style.maxWidth = `${form.offsetWidth - excess}px`;
            }
            await new Promise((resolve) => setTimeout(resolve, 500));
        },
    },
    headerOnOneRow,
];

registry.category("web_tour.tours").add("sale_work_stage_form_tour", {
    steps: () => [
        {
            content: "The current stage is the bar's current arrow",
            trigger: `${stageBar} .o_arrow_button_current:contains('Form Intake')`,
        },
        {
            content: "The first allowed next stage is an arrow of the bar",
            trigger: arrow("Form Repair"),
        },
        {
            content: "The second allowed next stage is an arrow of the bar",
            trigger: arrow("Form Waiting Parts"),
        },
        {
            content: "A stage the order may not move to is not offered",
            trigger: `${stageBar}:not(:contains('Form Closed'))`,
        },
        {
            content: "Odoo's state is a badge, not a second status bar",
            trigger:
                ".o_form_view .o_form_sheet .o_field_widget[name='state']:contains('Quotation')",
        },
        {
            content: "The vehicle and the time in stage are on the first screen",
            trigger:
                ".o_form_view .o_field_widget[name='work_asset_id'] input:value('Form Van')",
        },
        {
            content: "The date the order entered its stage is shown",
            trigger: ".o_form_view .o_field_widget[name='work_stage_date']:visible",
        },
        {
            content: "Secondary actions are not header buttons",
            trigger:
                ".o_form_statusbar:not(:has(button[name='action_send_sms'], button[name='action_print_work_order'], button[name='action_quotation_sent'], button[name='action_open_reschedule'], button[name='action_open_work_stage_transfer']))",
        },
        {
            content: "Open the action menu",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        ...[
            "Mark as Submitted",
            "Send SMS",
            "Reschedule Declined Work",
            "Print Work Order",
            "Transfer to Next Step",
        ].map((name) => ({
            content: `${name} is in the action menu`,
            trigger: `.o-dropdown--menu .o_menu_item:contains('${name}')`,
        })),
        {
            content: "Close the action menu",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        headerOnOneRow,
        {
            content: "Move the order to an allowed next stage from the bar",
            trigger: arrow("Form Repair"),
            run: "click",
        },
        {
            content: "The order is in its new stage",
            trigger: `${stageBar} .o_arrow_button_current:contains('Form Repair')`,
        },
        {
            content: "The bar now offers the new stage's next stages",
            trigger: arrow("Form Closed"),
        },
        {
            content: "The move is saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

// The header of any order, with the stages it has: on one row.
registry.category("web_tour.tours").add("sale_work_stage_header_tour", {
    steps: () => [
        {
            content: "The form is loaded",
            trigger: ".o_form_view .o_form_statusbar .o_statusbar_buttons",
        },
        headerOnOneRow,
        ...lessRoom,
    ],
});

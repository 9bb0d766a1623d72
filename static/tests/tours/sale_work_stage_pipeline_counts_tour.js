/** @odoo-module **/
// Copyright 2026 sale_work_stage authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import {rpc} from "@web/core/network/rpc";
import {registry} from "@web/core/registry";
import {formatInteger} from "@web/views/fields/formatters";

// The default filters of the Work Pipeline: open stages, current revisions.
const PIPELINE_DOMAIN = [
    ["work_stage_id.fold", "=", false],
    ["quote_state", "!=", "amended"],
];
const column = (name) => `.o_kanban_group:has(.o_column_title:contains('${name}'))`;
const card = (stage, customer) =>
    `${column(stage)} .o_kanban_record:contains('${customer}')`;

/** Every open column's header (count, value) against read_group's. */
async function checkHeadersAgainstReadGroup() {
    const groups = await rpc("/web/dataset/call_kw/sale.order/read_group", {
        model: "sale.order",
        method: "read_group",
        args: [PIPELINE_DOMAIN, ["amount_total_company:sum"], ["work_stage_id"]],
        kwargs: {lazy: true},
    });
    const byName = Object.fromEntries(
        groups.filter((g) => g.work_stage_id).map((g) => [g.work_stage_id[1], g])
    );
    const columns = document.querySelectorAll(".o_kanban_group:not(.o_column_folded)");
    if (!columns.length) {
        throw new Error("The Work Pipeline shows no open column");
    }
    for (const col of columns) {
        const name = col
            .querySelector(".o_column_title .text-truncate")
            .textContent.trim();
        const group = byName[name] || {work_stage_id_count: 0, amount_total_company: 0};
        const count = col.querySelector(".o_sale_pipeline_count")?.textContent.trim();
        if (count !== `(${group.work_stage_id_count})`) {
            throw new Error(
                `Column ${name} counts ${count}, read_group ${group.work_stage_id_count}`
            );
        }
        const value = col.querySelector(".o_kanban_counter .o_animated_number b");
        const expected = formatInteger(group.amount_total_company || 0, {
            humanReadable: true,
            decimals: 0,
            minDigits: 3,
        });
        if (value?.textContent.trim() !== expected) {
            throw new Error(
                `Column ${name} is worth ${value?.textContent}, read_group ${expected}`
            );
        }
    }
}

registry.category("web_tour.tours").add("sale_work_stage_pipeline_counts_tour", {
    steps: () => [
        {
            content: "The headers are loaded, with their values",
            trigger: `${column("Count Repair")} .o_kanban_counter .o_animated_number`,
        },
        {
            content: "Each column counts what read_group counts, worth what it sums",
            trigger: `${column("Count Intake")} .o_sale_pipeline_count:contains('(3)')`,
            run: checkHeadersAgainstReadGroup,
        },
        {
            content: "The value is in the company's currency",
            trigger: `${column("Count Repair")} .o_kanban_counter .o_animated_number span`,
        },
        {
            content: "An empty open column counts zero",
            trigger: `${column("Count Empty")} .o_sale_pipeline_count:contains('(0)')`,
        },
        {
            content: "The card of an order waiting for parts says parts are short",
            trigger: `${card("Count Repair", "Count Short Customer")} .o_sale_work_pipeline_short`,
        },
        {
            content: "The card of an order past its promised date says it is late",
            trigger: `${card("Count Intake", "Count Late Customer")} .o_sale_work_pipeline_late`,
        },
        {
            content: "An order on time has no alert badge (only its quote status)",
            trigger: `${card("Count Intake", "Count Customer")}:not(:has(span.badge:not(.o_field_badge .badge), div.badge))`,
        },
        {
            content: "Cards show the vehicle, the quote number and the salesperson",
            trigger: `${card("Count Repair", "Count Short Customer")}:contains('Count Van'):has(.o_sale_work_pipeline_number:not(:empty)):has(.o_field_many2one_avatar_user)`,
        },
    ],
});

/** @odoo-module **/
// Copyright 2026 sale_work_stage authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import {registry} from "@web/core/registry";

// The customer, on the quote's portal page (started there by the test),
// approves two of three jobs, declines the third, signs once and sees the
// confirmation.
registry.category("web_tour.tours").add("sale_work_stage_job_authorization_tour", {
    steps: () => [
        {
            content: "Open the authorization",
            trigger: "a[data-bs-target='#modalaccept']:visible",
            run: "click",
        },
        {
            content: "Three jobs, all approved to start with",
            trigger: ".modal .o_sale_work_job[data-decision='approved']:nth-child(3)",
        },
        {
            content: "Decline the wipers",
            trigger:
                ".modal .o_sale_work_job:contains('Wipers') .o_sale_work_job_decline",
            run: "click",
        },
        {
            content: "The total counts the approved jobs only",
            trigger: ".modal .o_sale_work_job_total:contains('300.00')",
        },
        {
            content: "The customer's name is there",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Jane Driver)",
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

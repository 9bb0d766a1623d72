/** @odoo-module **/
/* Copyright 2026 sale_work_stage authors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */

import {Component, onMounted, useRef, useState} from "@odoo/owl";
import {NameAndSignature} from "@web/core/signature/name_and_signature";
import {redirect} from "@web/core/utils/urls";
import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

/**
 * The customer approves or declines each job of a quote, sees the total of
 * what is approved, and signs once (Odoo's NameAndSignature). The server
 * (/my/orders/<id>/authorize) records the authorization and confirms the
 * approved jobs.
 */
export class JobAuthorizationForm extends Component {
    static template = "sale_work_stage.JobAuthorizationForm";
    static components = {NameAndSignature};
    static props = ["*"];

    setup() {
        this.rootRef = useRef("root");
        this.state = useState({
            approved: Object.fromEntries(this.props.jobs.map((job) => [job.key, true])),
            error: false,
            sending: false,
        });
        this.signature = useState({
            name: this.props.defaultName,
            getSignatureImage: () => "",
            resetSignature: () => {},
            isSignatureEmpty: true,
        });
        // Resolved each time the box shows a new signature (drawn, typed,
        // loaded): what submit() waits for when the box had no image yet.
        this.signatureDrawn = [];
        this.nameAndSignatureProps = {
            signature: this.signature,
            fontColor: "black",
            onSignatureChange: () => {
                for (const resolve of this.signatureDrawn.splice(0)) {
                    resolve();
                }
            },
        };
        onMounted(() => {
            // The signature box takes its size when its dialog is shown; a
            // dialog already shown when this form mounts (a slow phone) has
            // fired that event already: size it now, else it stays empty.
            const modal = this.rootRef.el.closest(".modal");
            if (modal) {
                modal.addEventListener("shown.bs.modal", () =>
                    this.signature.resetSignature()
                );
                if (modal.classList.contains("show")) {
                    this.signature.resetSignature();
                }
            }
        });
    }

    decide(key, approved) {
        this.state.approved[key] = approved;
    }

    get approvedKeys() {
        return this.props.jobs
            .filter((job) => this.state.approved[job.key])
            .map((job) => job.key);
    }

    get approvedTotal() {
        const total = this.props.jobs
            .filter((job) => this.state.approved[job.key])
            .reduce((sum, job) => sum + job.amount, 0);
        const {symbol, position, digits} = this.props.currency;
        const amount = total.toFixed(digits);
        return position === "before"
            ? `${symbol}\u00a0${amount}`
            : `${amount}\u00a0${symbol}`;
    }

    get canSubmit() {
        return (
            !this.state.sending &&
            this.approvedKeys.length > 0 &&
            !this.signature.isSignatureEmpty &&
            (this.signature.name || "").trim()
        );
    }

    /**
     * The signature image, base64. A box whose dialog opened before it was
     * sized has no image ("data:,") although its name is drawn: size it and
     * wait for the name to be drawn again (a second at most).
     */
    async signatureImage() {
        const image = () => this.signature.getSignatureImage().split(",")[1];
        if (!image()) {
            const drawn = new Promise((resolve) => this.signatureDrawn.push(resolve));
            this.signature.resetSignature();
            await Promise.race([
                drawn,
                new Promise((resolve) => setTimeout(resolve, 1000)),
            ]);
        }
        return image();
    }

    async submit() {
        this.state.sending = true;
        this.state.error = false;
        const data = await rpc(this.props.callUrl, {
            name: this.signature.name,
            signature: await this.signatureImage(),
            approved_jobs: this.approvedKeys,
            version: this.props.version,
            via: new URLSearchParams(window.location.search).get("via"),
        });
        if (data.force_refresh) {
            redirect(data.redirect_url);
            return;
        }
        this.state.error = data.error;
        this.state.sending = false;
    }
}

registry
    .category("public_components")
    .add("sale_work_stage.job_authorization_form", JobAuthorizationForm);

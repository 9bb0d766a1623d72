/** @odoo-module **/
// Copyright 2026 sale_work_stage authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import {onMounted, onWillUnmount} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {throttleForAnimation} from "@web/core/utils/timing";
import {
    StatusBarDurationField,
    statusBarDurationField,
} from "@mail/views/fields/statusbar_duration/statusbar_duration_field";

const hide = (...els) => els.forEach((el) => el?.classList.add("d-none"));
const show = (...els) => els.forEach((el) => el?.classList.remove("d-none"));

/**
 * The work stage bar: Odoo's status bar with the time in each stage, which
 * keeps the stage an order moves to next in sight.
 *
 * Short of room, Odoo keeps the stages on both sides of the current one and
 * then folds the whole bar into one dropdown of the current stage: beside the
 * chatter, an order's next stages disappear. Before that last resort, this
 * bar folds the earlier stages away and keeps the current and the next one.
 * It also fits itself again when its header's width changes without the
 * window being resized (the chatter moving beside or below the form).
 */
export class WorkStageStatusBarField extends StatusBarDurationField {
    setup() {
        super.setup();
        let width = 0;
        // A new rendering runs Odoo's adjustment (onWillRender, useEffect).
        const refit = throttleForAnimation(() => this.render());
        const observer = new ResizeObserver(([entry]) => {
            const newWidth = Math.round(entry.contentRect.width);
            if (width && newWidth !== width) {
                refit();
            }
            width = newWidth;
        });
        onMounted(() => {
            const header = this.rootRef.el?.closest(".o_form_statusbar");
            if (header) {
                observer.observe(header);
            }
        });
        onWillUnmount(() => {
            observer.disconnect();
            refit.cancel();
        });
    }

    adjustVisibleItems() {
        super.adjustVisibleItems();
        if (this.dropdownRef.el?.classList.contains("d-none")) {
            return;
        }
        // The DOM holds the inline items in reverse (see getSortedItems).
        const itemEls = [
            ...this.rootRef.el.querySelectorAll(
                ".o_arrow_button:not(.dropdown-toggle)"
            ),
        ].reverse();
        const inline = this.getAllItems().filter(
            (item) => item.isSelected || !item.isFolded
        );
        const current = inline.findIndex((item) => item.isSelected);
        if (current < 0 || inline.length !== itemEls.length) {
            return;
        }
        const kept = new Set([current, current + 1]);
        this.items.before = inline.slice(0, current);
        this.items.after = [...inline.slice(current + 2), ...this.items.folded];
        itemEls.forEach((el, index) => (kept.has(index) ? show(el) : hide(el)));
        hide(this.dropdownRef.el);
        (this.items.before.length ? show : hide)(this.beforeRef.el);
        (this.items.after.length ? show : hide)(this.afterRef.el);
        if (this.items.after.length) {
            itemEls.forEach((el) => el.classList.remove("o_first"));
        }
        if (this.areItemsWrapping()) {
            // Not even the current and the next stage fit: Odoo's dropdown.
            show(this.dropdownRef.el);
            hide(this.beforeRef.el, this.afterRef.el, ...itemEls);
        }
    }
}

export const workStageStatusBarField = {
    ...statusBarDurationField,
    component: WorkStageStatusBarField,
};

registry.category("fields").add("work_stage_statusbar", workStageStatusBarField);

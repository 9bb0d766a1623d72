/** @odoo-module **/
// Copyright 2026 sale_work_stage authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import {getCurrency} from "@web/core/currency";
import {registry} from "@web/core/registry";
import {KanbanHeader} from "@web/views/kanban/kanban_header";
import {KanbanRenderer} from "@web/views/kanban/kanban_renderer";
import {kanbanView} from "@web/views/kanban/kanban_view";

/**
 * Column header of the pipelines: the number of orders next to the title,
 * also with a progress bar, and the column's value with the symbol of the
 * company currency it is summed in (when the column's orders share one).
 */
export class PipelineKanbanHeader extends KanbanHeader {
    static template = "sale_work_stage.PipelineKanbanHeader";

    get groupAggregate() {
        const aggregate = super.groupAggregate;
        const sumField = this.props.progressBarState?.progressAttributes.sumField;
        const currencyField = sumField && sumField.currency_field;
        if (!currencyField || !aggregate.value) {
            return aggregate;
        }
        const currencyIds = new Set(
            this.group.list.records.map((record) => record.data[currencyField]?.[0])
        );
        const [currencyId] = currencyIds;
        return {
            ...aggregate,
            currency: currencyIds.size === 1 && getCurrency(currencyId),
        };
    }
}

export class PipelineKanbanRenderer extends KanbanRenderer {
    static components = {
        ...KanbanRenderer.components,
        KanbanHeader: PipelineKanbanHeader,
    };
}

registry.category("views").add("sale_work_stage_pipeline_kanban", {
    ...kanbanView,
    Renderer: PipelineKanbanRenderer,
});

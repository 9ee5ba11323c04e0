package com.cyclefleet.coordinator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One spelling of loss names in every coordinator view: the protocol's (ChunkDone.losses: {@code D_A},
 * {@code G_A}, {@code cycle_A}, ...). The loss-history file is the engine's record serialised field by field
 * ({@code dA}, {@code gA}, {@code cycleA}); its rows are renamed here, keeping the column order.
 */
final class LossNames {

    private static final Map<String, String> PROTOCOL_NAMES = Map.of(
            "dA", "D_A", "gA", "G_A", "cycleA", "cycle_A", "idtA", "idt_A",
            "dB", "D_B", "gB", "G_B", "cycleB", "cycle_B", "idtB", "idt_B");

    private LossNames() {
    }

    /** The row with engine field names replaced by protocol names; other fields (iteration, lr, ...) kept. */
    static JsonNode toProtocol(JsonNode row) {
        if (!(row instanceof ObjectNode object)) {
            return row;
        }
        ObjectNode renamed = object.objectNode();
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            fields.add(it.next());
        }
        for (Map.Entry<String, JsonNode> f : fields) {
            renamed.set(PROTOCOL_NAMES.getOrDefault(f.getKey(), f.getKey()), f.getValue());
        }
        return renamed;
    }
}

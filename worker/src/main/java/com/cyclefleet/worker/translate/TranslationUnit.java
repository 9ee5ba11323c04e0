package com.cyclefleet.worker.translate;

import com.cyclefleet.protocol.TranslateTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Up to a max batch of consumed records, translated by the engine thread and then committed, with all their results
 * and offsets, in one transaction by the commit thread.
 *
 * @param items          the records, in poll order
 * @param results        each item's pending result, index-aligned with {@code items}; null for dead letters
 * @param translateNanos time the engine thread spent on the unit (waiting for inputs, translating)
 * @param batches        generator calls the unit needed (one per model, version and direction in it)
 */
record TranslationUnit(List<IntakeItem> items, List<BatchTranslator.PendingResult> results, long translateNanos,
                       int batches) {

    List<ConsumerRecord<String, byte[]>> records() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(items.size());
        for (IntakeItem item : items) {
            records.add(item.record());
        }
        return records;
    }

    /** How long the oldest request of the unit has waited since it was submitted, in ms. */
    long oldestWaitMillis(long nowMillis) {
        long oldest = 0;
        for (IntakeItem item : items) {
            TranslateTask task = item.task();
            if (task != null) {
                oldest = Math.max(oldest, nowMillis - task.submittedAtMillis());
            }
        }
        return oldest;
    }
}

package com.cyclefleet.worker.translate;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.protocol.TranslateTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.concurrent.Future;

/**
 * One consumed translate record, as prepared on the loop thread: a task whose input is already being fetched, or a
 * record that goes to the dead-letter topic.
 *
 * @param task             the decoded task; null for a dead letter
 * @param input            the input's fetch, started when the record was polled; null for a dead letter
 * @param deadLetterReason why the record cannot be processed; null for a task
 * @param polledAtNanos    when the record was polled ({@link System#nanoTime()})
 */
record IntakeItem(ConsumerRecord<String, byte[]> record, TranslateTask task, Future<FloatImage> input,
                  String deadLetterReason, long polledAtNanos) {

    static IntakeItem task(ConsumerRecord<String, byte[]> record, TranslateTask task, Future<FloatImage> input) {
        return new IntakeItem(record, task, input, null, System.nanoTime());
    }

    static IntakeItem deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        return new IntakeItem(record, null, null, reason, System.nanoTime());
    }

    boolean isDeadLetter() {
        return task == null;
    }

    TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    /** Stops fetching the input of a record that will be consumed again. */
    void discard() {
        if (input != null) {
            input.cancel(false);
        }
    }
}

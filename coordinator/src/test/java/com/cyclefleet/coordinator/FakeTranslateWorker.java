package com.cyclefleet.coordinator;

import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.codec.MalformedMessageException;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the translate worker for one model id: reads translate tasks from the real broker, "translates" by copying
 * the input to the output key in the real S3 store, and publishes TranslationDone. Tasks of other models are left
 * alone (so their requests time out).
 */
final class FakeTranslateWorker implements AutoCloseable {

    private final String modelId;
    private final ObjectStore store;
    private final Thread thread;
    private final AtomicInteger translated = new AtomicInteger();
    private volatile boolean running = true;

    FakeTranslateWorker(String modelId, ObjectStore store) {
        this.modelId = modelId;
        this.store = store;
        this.thread = new Thread(this::run, "fake-translate-worker");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    int translated() {
        return translated.get();
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> consumer = TestSupport.consumerFromStart(Topics.TRANSLATE_TASKS);
             KafkaProducer<String, byte[]> producer = TestSupport.producer()) {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Message m;
                    try {
                        m = TestSupport.CODEC.decode(r.value());
                    } catch (MalformedMessageException e) {
                        continue;
                    }
                    if (m instanceof TranslateTask t && t.modelId().equals(modelId)) {
                        store.copy(t.inputKey(), t.outputKey());
                        TestSupport.publish(producer, new TranslationDone(t.requestId(), t.modelId(), t.outputKey(),
                                System.currentTimeMillis() - t.submittedAtMillis(), 1));
                        translated.incrementAndGet();
                    }
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}

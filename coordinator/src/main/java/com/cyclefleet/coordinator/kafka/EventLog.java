package com.cyclefleet.coordinator.kafka;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.kafka.TopicInitializer;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.Topics;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * The coordinator's side of the fleet's topics: the state consumer that follows them into a {@link FleetState}, and
 * the publisher that writes to them, with read-your-writes between the two.
 */
public final class EventLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventLog.class);

    private final CoordinatorConfig.Kafka config;
    private final StateConsumer consumer;
    private final Publisher publisher;

    private EventLog(CoordinatorConfig.Kafka config, StateConsumer consumer, Publisher publisher) {
        this.config = config;
        this.consumer = consumer;
        this.publisher = publisher;
    }

    /**
     * Creates the missing topics (when configured to), replays the whole history into the state and then opens the
     * publisher, so nothing is published by a coordinator that does not know the history yet.
     */
    public static EventLog open(CoordinatorConfig.Kafka config, FleetState state, MessageCodec codec)
            throws InterruptedException {
        if (config.createTopics()) {
            // the broker's default replication factor: a deployment's brokers know how many copies they keep
            new TopicInitializer(config.bootstrap()).ensureTopics(Topics.all());
        }
        StateConsumer consumer = new StateConsumer(KafkaSettings.stateConsumer(config.bootstrap(),
                "cyclefleet-coordinator-state-" + UUID.randomUUID()), state, codec, config.pollTimeout());
        try {
            consumer.start();
            consumer.awaitReplayed(config.replayTimeout());
            return new EventLog(config, consumer, new Publisher(KafkaSettings.producer(config.bootstrap(),
                    config.transactionalId()), codec, config.maxMessagesPerTransaction()));
        } catch (InterruptedException | RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /**
     * Publishes the messages in one transaction and waits until the state shows them, so the caller's next read
     * sees its own write. Once this returns, the messages are durably accepted.
     *
     * @throws PublishException when Kafka did not commit them (then nothing of them is visible)
     */
    public void publish(List<Message> messages) {
        Publisher.Written written = publisher.publishAndWait(messages, config.publishTimeout());
        try {
            if (!consumer.awaitApplied(written.offsets(), config.readYourWritesTimeout())) {
                LOG.warnf("published %d messages but the state did not show them within %s", messages.size(),
                        config.readYourWritesTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the history is replayed and the consumer still follows the topics (the publisher is open as long). */
    public boolean isReady() {
        return consumer.isReplayed() && consumer.isHealthy();
    }

    /** Records the state consumer could not decode and skipped. */
    public long skippedRecords() {
        return consumer.skippedRecords();
    }

    @Override
    public void close() {
        publisher.close();
        consumer.close();
    }
}

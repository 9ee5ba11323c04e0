package com.cyclefleet.launcher.scale;

import com.cyclefleet.protocol.ScalingDecision;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes each decision as a {@link ScalingDecision}, so the coordinator's fleet view shows it. */
public final class DecisionPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final MessageCodec codec = new MessageCodec();
    private final Duration timeout;

    public DecisionPublisher(String bootstrap, Duration timeout) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.toIntExact(timeout.toMillis()),
                // the producer requires delivery >= linger + request timeout
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.toIntExact(timeout.toMillis() / 2),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        this.timeout = timeout;
    }

    /** Sends and waits for the broker's acknowledgement; throws {@link IllegalStateException} when it does not come. */
    public void publish(Decision d) {
        ScalingDecision event = new ScalingDecision(d.pool(), d.from(), d.to(), d.lag(), d.reason(),
                d.at().toEpochMilli());
        try {
            producer.send(new ProducerRecord<>(Topics.topicFor(event), Topics.keyFor(event), codec.encode(event)))
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish the " + d.pool() + " scaling decision: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a scaling decision", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package com.cyclefleet.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.util.List;

/**
 * What a failed transaction leaves of a transactional producer: the one recovery policy of every CycleFleet
 * producer. After an {@link #ABORTABLE} failure the caller aborts the transaction and keeps the producer (the
 * records are sent again); after a {@link #FATAL} one the producer can never commit again and must be closed: a
 * worker stops (another instance with its transactional id took over), the coordinator creates a new producer.
 */
public enum ProducerFailure {

    /** The transaction can be aborted and the producer used for the next one. */
    ABORTABLE,
    /** The producer is unusable: fenced, out of sequence, not authorised, or the broker does not support it. */
    FATAL;

    /**
     * The failures KafkaProducer's javadoc names as fatal for a transactional producer (its transaction example and
     * {@code commitTransaction}); every other {@link KafkaException} is abortable.
     */
    private static final List<Class<? extends KafkaException>> FATAL_KAFKA_FAILURES = List.of(
            ProducerFencedException.class, InvalidProducerEpochException.class, OutOfOrderSequenceException.class,
            AuthorizationException.class, UnsupportedVersionException.class);

    /**
     * Classifies a failure thrown by a producer call inside a transaction. A failure that is not a
     * {@link KafkaException} (an {@code IllegalStateException} of a producer already in error, a bug) is fatal:
     * nothing says the producer's transaction state is still consistent.
     */
    public static ProducerFailure of(Throwable failure) {
        if (!(failure instanceof KafkaException)) {
            return FATAL;
        }
        for (Class<? extends KafkaException> fatal : FATAL_KAFKA_FAILURES) {
            if (fatal.isInstance(failure)) {
                return FATAL;
            }
        }
        return ABORTABLE;
    }
}

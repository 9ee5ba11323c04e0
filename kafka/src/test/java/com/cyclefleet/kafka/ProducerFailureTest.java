package com.cyclefleet.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProducerFailureTest {

    @Test
    void fencingSequenceAuthorisationAndVersionFailuresAreFatal() {
        List<Throwable> fatal = List.of(new ProducerFencedException("fenced"),
                new InvalidProducerEpochException("epoch bumped by a transaction timeout"),
                new OutOfOrderSequenceException("sequence"), new AuthorizationException("denied"),
                new TransactionalIdAuthorizationException("subclass of AuthorizationException"),
                new UnsupportedVersionException("old broker"));
        for (Throwable failure : fatal) {
            assertEquals(ProducerFailure.FATAL, ProducerFailure.of(failure), failure.toString());
        }
    }

    @Test
    void failuresOutsideKafkasHierarchyAreFatal() {
        assertEquals(ProducerFailure.FATAL, ProducerFailure.of(new IllegalStateException("producer in error state")));
        assertEquals(ProducerFailure.FATAL, ProducerFailure.of(new NullPointerException()));
    }

    @Test
    void otherKafkaFailuresAreAbortable() {
        List<Throwable> abortable = List.of(new KafkaException("broker unreachable"),
                new TimeoutException("commit timed out"), new TransactionAbortableException("abort and retry"),
                new InvalidTxnStateException("state"), new UnknownTopicOrPartitionException("topic"));
        for (Throwable failure : abortable) {
            assertEquals(ProducerFailure.ABORTABLE, ProducerFailure.of(failure), failure.toString());
        }
    }
}

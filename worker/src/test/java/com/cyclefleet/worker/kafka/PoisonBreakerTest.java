package com.cyclefleet.worker.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoisonBreakerTest {

    private static final String TOPIC = "tasks";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    private static ConsumerRecord<String, byte[]> at(long offset) {
        return new ConsumerRecord<>(TOPIC, 0, offset, "k", new byte[0]);
    }

    private static PoisonBreaker.Verdict verdict(PoisonBreaker.Action action, int attempts, boolean alone) {
        return new PoisonBreaker.Verdict(action, attempts, alone);
    }

    @Test
    void aCleanPartitionNotesOnlyItsFirstRecordAndBatchesTheRest() {
        PoisonBreaker breaker = new PoisonBreaker(3, 4, false);
        assertEquals(verdict(PoisonBreaker.Action.NOTE, 1, false),
                breaker.admit(at(10), () -> new OffsetAndMetadata(10)));
        breaker.noted(TP);
        assertEquals(verdict(PoisonBreaker.Action.PROCEED, 1, false), breaker.admit(at(10), () -> null),
                "the same record again in this process is no new start");
        assertEquals(verdict(PoisonBreaker.Action.PROCEED, 0, false), breaker.admit(at(26), () -> null));
    }

    @Test
    void aNotedPartitionRunsItsWindowAloneAndGivesUpAfterMaxAttempts() {
        PoisonBreaker breaker = new PoisonBreaker(3, 2, false);
        assertEquals(verdict(PoisonBreaker.Action.NOTE, 2, true),
                breaker.admit(at(10), () -> new OffsetAndMetadata(10, PoisonBreaker.note(1))));
        breaker.noted(TP);
        assertEquals(verdict(PoisonBreaker.Action.NOTE, 1, true), breaker.admit(at(11), () -> null));
        assertEquals(verdict(PoisonBreaker.Action.PROCEED, 0, false), breaker.admit(at(12), () -> null),
                "after the window, batches again");

        PoisonBreaker next = new PoisonBreaker(3, 2, false);
        assertEquals(verdict(PoisonBreaker.Action.GIVE_UP, 3, true),
                next.admit(at(11), () -> new OffsetAndMetadata(11, PoisonBreaker.note(3))));
        assertEquals(verdict(PoisonBreaker.Action.GIVE_UP, 3, true), next.admit(at(11), () -> null),
                "a give-up that did not commit is tried again");
        assertTrue(PoisonBreaker.reason(3).contains("died 3 times"), PoisonBreaker.reason(3));
    }

    @Test
    void aFailedReadOfTheCommittedOffsetLeavesThePartitionUnseen() {
        PoisonBreaker breaker = new PoisonBreaker(3, 4, false);
        assertThrows(TimeoutException.class, () -> breaker.admit(at(10), () -> {
            throw new TimeoutException("broker away");
        }));
        assertEquals(verdict(PoisonBreaker.Action.NOTE, 3, true),
                breaker.admit(at(10), () -> new OffsetAndMetadata(10, PoisonBreaker.note(2))));
    }

    @Test
    void everyRecordAloneNotesEachStart() {
        PoisonBreaker breaker = new PoisonBreaker(2, 1, true);
        assertEquals(verdict(PoisonBreaker.Action.NOTE, 1, true),
                breaker.admit(at(5), () -> new OffsetAndMetadata(5)));
        assertEquals(verdict(PoisonBreaker.Action.NOTE, 1, true), breaker.admit(at(6), () -> null));
        assertEquals(verdict(PoisonBreaker.Action.NOTE, 1, true), breaker.admit(at(7), () -> null));
    }

    @Test
    void aNoteIsAboutTheFirstRecordAtOrAfterTheCommittedOffset() {
        assertEquals(2, PoisonBreaker.attemptsNoted(new OffsetAndMetadata(7, PoisonBreaker.note(2)), 8),
                "a transaction marker between the committed offset and the record");
        assertEquals(0, PoisonBreaker.attemptsNoted(new OffsetAndMetadata(9, PoisonBreaker.note(2)), 8));
        assertEquals(0, PoisonBreaker.attemptsNoted(new OffsetAndMetadata(8, "someone else's metadata"), 8));
        assertEquals(0, PoisonBreaker.attemptsNoted(null, 8));
    }

    @Test
    void aCleanHandOverTakesBackOnlyNotesOfRecordsNotCommittedSince() {
        PoisonBreaker breaker = new PoisonBreaker(3, 4, false);
        TopicPartition other = new TopicPartition(TOPIC, 1);
        breaker.admit(at(10), () -> new OffsetAndMetadata(10, PoisonBreaker.note(1)));
        breaker.noted(TP);
        breaker.admit(new ConsumerRecord<>(TOPIC, 1, 40, "k", new byte[0]), () -> new OffsetAndMetadata(40));
        breaker.noted(other);
        Map<TopicPartition, OffsetAndMetadata> restore = breaker.release(List.of(TP, other),
                Map.of(TP, 10L, other, 55L));
        assertEquals(Map.of(TP, new OffsetAndMetadata(10, PoisonBreaker.note(1))), restore);
        assertEquals(verdict(PoisonBreaker.Action.NOTE, 1, false),
                breaker.admit(at(10), () -> new OffsetAndMetadata(10)), "released partitions are read anew");
    }
}

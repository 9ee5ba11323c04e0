package com.cyclefleet.worker.kafka;

import com.cyclefleet.worker.WorkerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stops a record that kills its worker (out of memory, a native crash, a crashed loop) from doing it for ever: such a
 * record is never committed, so every restarted worker reads it again.
 *
 * <p>The attempt count lives in the consumer group's committed offset, which survives any process: before a record
 * is started, one Kafka transaction (like every other commit of the loop, so in order with them and fenced the same
 * way) commits the record's own offset, not past it, with the metadata {@code cyclefleet.attempts=k}. A worker that
 * dies leaves that note behind; the next owner of the partition reads it with the committed offset, and once a
 * record has been started {@code CYCLEFLEET_WORKER_MAX_ATTEMPTS} times it goes to the dead-letter topic, its
 * request or job fails with the reason, and the partition moves on. Committing the record's result moves the offset
 * past it and clears the note, so results stay exactly once: the note is one more offset commit, never a result.
 *
 * <p>Where a loop works through many records at once (translation batches), only the first record of a partition
 * is noted when the partition is taken; a note found there means the worker before died somewhere in what it had in
 * flight, so the partition is suspect: its next {@code suspectWindow} records (as many as a loop holds uncommitted)
 * are then noted and run alone, one at a time, which finds the record that kills. A partition handed over cleanly
 * (a rebalance, a shutdown) gets its note back as it was: leaving is not dying. A record given up has therefore
 * died alone at least once if the limit is 2 or more (with 1, the first record of a batch that died takes the
 * blame); a worker dies at most the limit plus two times on one poison record.
 *
 * <p>State is per partition for as long as this consumer owns it; used by the loop thread only.
 */
public final class PoisonBreaker {

    /** Prefix of the committed offset's metadata that counts starts of the record at that offset. */
    static final String NOTE_PREFIX = "cyclefleet.attempts=";

    /** What to do first with a record. */
    public enum Action {
        /** Start it (no note needed: it is part of a batch already noted, or was noted before in this ownership). */
        PROCEED,
        /** Note {@link Verdict#attempts()} on its offset, then start it. */
        NOTE,
        /** It has been started {@link Verdict#attempts()} times already: dead-letter it and fail its request or job. */
        GIVE_UP
    }

    /**
     * @param attempts for NOTE the count to note (this start included), for GIVE_UP the starts so far
     * @param alone    run it by itself, and nothing after it in its partition until it is committed
     */
    public record Verdict(Action action, int attempts, boolean alone) {
    }

    private static final class Head {
        long offset = -1;
        /** The count noted before this ownership's note, restored when the partition is handed over cleanly. */
        int prior;
        boolean noted;
        int aloneLeft;
        Verdict verdict;
    }

    private final int maxAttempts;
    private final int suspectWindow;
    private final boolean everyRecordAlone;
    private final Map<TopicPartition, Head> heads = new HashMap<>();

    /**
     * @param maxAttempts      starts of a record before it is given up
     * @param suspectWindow    records run alone after a partition is found noted (most records the loop holds
     *                         uncommitted at once)
     * @param everyRecordAlone every record is noted and run alone (a loop that runs one record at a time anyway)
     */
    public PoisonBreaker(int maxAttempts, int suspectWindow, boolean everyRecordAlone) {
        if (maxAttempts < 1 || suspectWindow < 1) {
            throw new IllegalArgumentException("max attempts and suspect window must be at least 1, got "
                    + maxAttempts + " and " + suspectWindow);
        }
        this.maxAttempts = maxAttempts;
        this.suspectWindow = suspectWindow;
        this.everyRecordAlone = everyRecordAlone;
    }

    /**
     * The verdict on the first record of its partition in a poll (the rest of a batch share it unless it says
     * alone).
     *
     * @param committed the partition's committed offset, read only when this ownership has not seen it yet
     */
    public Verdict admit(ConsumerRecord<String, byte[]> record, Supplier<OffsetAndMetadata> committed) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Head head = heads.get(tp);
        if (head == null) {
            // read first: if the read fails, the partition stays unseen
            int noted = attemptsNoted(committed.get(), record.offset());
            head = new Head();
            heads.put(tp, head);
            head.aloneLeft = noted > 0 ? suspectWindow : 0;
            return decide(head, record.offset(), noted);
        }
        if (head.offset == record.offset()) {
            // the same record again (its unit rewound in this process): not a new start
            return head.verdict.action() == Action.NOTE
                    ? new Verdict(head.noted ? Action.PROCEED : Action.NOTE, head.verdict.attempts(),
                    head.verdict.alone())
                    : head.verdict;
        }
        if (everyRecordAlone || head.aloneLeft > 0) {
            // everything before it is committed, and committing cleared any note: a first start
            return decide(head, record.offset(), 0);
        }
        return new Verdict(Action.PROCEED, 0, false);
    }

    private Verdict decide(Head head, long offset, int startedBefore) {
        head.offset = offset;
        head.prior = startedBefore;
        head.noted = false;
        boolean alone = everyRecordAlone || head.aloneLeft > 0;
        if (head.aloneLeft > 0) {
            head.aloneLeft--;
        }
        head.verdict = startedBefore >= maxAttempts
                ? new Verdict(Action.GIVE_UP, startedBefore, alone)
                : new Verdict(Action.NOTE, startedBefore + 1, alone);
        return head.verdict;
    }

    /** The note for this record is committed. */
    public void noted(TopicPartition tp) {
        Head head = heads.get(tp);
        if (head != null) {
            head.noted = true;
        }
    }

    /**
     * The partitions are handed over cleanly: the notes to commit back (the counts as they were before this
     * ownership) for those whose noted record was not committed since, given what this loop last committed.
     */
    public Map<TopicPartition, OffsetAndMetadata> release(Collection<TopicPartition> partitions,
                                                          Map<TopicPartition, Long> lastCommitted) {
        Map<TopicPartition, OffsetAndMetadata> restore = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Head head = heads.remove(tp);
            if (head != null && head.noted && Long.valueOf(head.offset).equals(lastCommitted.get(tp))) {
                restore.put(tp, new OffsetAndMetadata(head.offset, note(head.prior)));
            }
        }
        return restore;
    }

    /** Forgets the partitions (lost, or their note could not be committed): their next records are admitted anew. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(heads::remove);
    }

    /** The committed offset's metadata noting {@code attempts} starts ("" for none). */
    static String note(int attempts) {
        return attempts == 0 ? "" : NOTE_PREFIX + attempts;
    }

    /**
     * Starts noted for the record at {@code offset}: the note is about the first record at or after the committed
     * offset (anything between is transaction markers or aborted records, which are not returned).
     */
    static int attemptsNoted(OffsetAndMetadata committed, long offset) {
        if (committed == null || committed.offset() > offset || committed.metadata() == null
                || !committed.metadata().startsWith(NOTE_PREFIX)) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(committed.metadata().substring(NOTE_PREFIX.length())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Why a record was given up, for the dead letter and the failed request or job. */
    public static String reason(int attempts) {
        return "the worker died " + attempts + " times while processing this task (out of memory, a native crash "
                + "or a crashed loop; see the worker's log); given up after " + attempts + " attempts ("
                + WorkerConfig.ENV_MAX_ATTEMPTS + ")";
    }
}

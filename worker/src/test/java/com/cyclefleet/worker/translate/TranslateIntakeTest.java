package com.cyclefleet.worker.translate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranslateIntakeTest {

    private static final Duration NO_LINGER = Duration.ZERO;
    private static final Duration SHORT = Duration.ofMillis(300);

    private static List<IntakeItem> items(int fromOffset, int n) {
        List<IntakeItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(IntakeItem.deadLetter(new ConsumerRecord<>("t", 0, fromOffset + i, "k", new byte[0]), "x"));
        }
        return items;
    }

    private static List<Long> offsets(List<IntakeItem> unit) {
        return unit.stream().map(i -> i.record().offset()).toList();
    }

    @Test
    void unitsArePrefixesInPollOrderOfAtMostTheMaxBatch() throws Exception {
        TranslateIntake intake = new TranslateIntake();
        intake.add(items(0, 5));
        intake.add(items(5, 2));
        assertEquals(List.of(0L, 1L, 2L), offsets(intake.take(3, NO_LINGER)));
        intake.release();
        assertEquals(List.of(3L, 4L, 5L), offsets(intake.take(3, NO_LINGER)));
        intake.release();
        assertEquals(List.of(6L), offsets(intake.take(3, NO_LINGER)));
        intake.release();
        assertTrue(intake.isIdle());
    }

    @Test
    void lingersForMoreUntilTheBatchIsFullOrTheOldestHasWaited() throws Exception {
        TranslateIntake intake = new TranslateIntake();
        intake.add(items(0, 1));
        CompletableFuture<List<IntakeItem>> taken = CompletableFuture.supplyAsync(() -> take(intake, 3,
                Duration.ofSeconds(30)));
        Thread.sleep(SHORT.toMillis());
        assertFalse(taken.isDone(), "waits while fewer than the max batch are there and the linger is not over");
        intake.add(items(1, 2));
        assertEquals(List.of(0L, 1L, 2L), offsets(taken.get(5, TimeUnit.SECONDS)));

        intake.release();
        intake.add(items(3, 1));
        long start = System.nanoTime();
        assertEquals(List.of(3L), offsets(intake.take(3, SHORT)));
        assertTrue(System.nanoTime() - start >= SHORT.toNanos() / 2, "lingered");
    }

    @Test
    void holdStopsTakingAndWaitsForTheEnginesUnit() throws Exception {
        TranslateIntake intake = new TranslateIntake();
        intake.add(items(0, 4));
        List<IntakeItem> first = intake.take(2, NO_LINGER);
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> {
            try {
                intake.holdAndAwaitEngine();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(SHORT.toMillis());
        assertFalse(held.isDone(), "the hold waits for the unit the engine has");
        intake.release();
        held.get(5, TimeUnit.SECONDS);
        assertEquals(2, first.size());

        CompletableFuture<List<IntakeItem>> next = CompletableFuture.supplyAsync(() -> take(intake, 2, NO_LINGER));
        Thread.sleep(SHORT.toMillis());
        assertFalse(next.isDone(), "nothing is taken while held");
        intake.removeIf(i -> i.record().offset() == 2);
        intake.resume();
        assertEquals(List.of(3L), offsets(next.get(5, TimeUnit.SECONDS)));
        intake.release();
        intake.close();
        assertNull(intake.take(2, NO_LINGER));
    }

    private static List<IntakeItem> take(TranslateIntake intake, int max, Duration linger) {
        try {
            return intake.take(max, linger);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

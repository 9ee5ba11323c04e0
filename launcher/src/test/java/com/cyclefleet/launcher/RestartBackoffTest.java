package com.cyclefleet.launcher;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RestartBackoffTest {

    private final RestartBackoff backoff = RestartBackoff.defaults();

    @Test
    void doublesFromOneSecondToThirtyWhileTheChildKeepsDying() {
        Duration shortRun = Duration.ofSeconds(3);
        Duration d = backoff.next(null, shortRun);
        StringBuilder delays = new StringBuilder().append(d.toSeconds());
        for (int i = 0; i < 6; i++) {
            d = backoff.next(d, shortRun);
            delays.append(' ').append(d.toSeconds());
        }
        assertEquals("1 2 4 8 16 30 30", delays.toString());
    }

    @Test
    void aChildThatRanStablyStartsOverAtOneSecond() {
        assertEquals(Duration.ofSeconds(1), backoff.next(Duration.ofSeconds(30), Duration.ofMinutes(2)));
        assertEquals(Duration.ofSeconds(30), backoff.next(Duration.ofSeconds(30), Duration.ofSeconds(119)));
    }

    @Test
    void refusesAMaximumBelowTheFirstDelay() {
        assertThrows(IllegalArgumentException.class,
                () -> new RestartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO));
    }
}

package com.cyclefleet.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The bench images round-robin, so a run of any length goes through all of them; thread-safe. */
final class ImageCycle<T> {
    private final List<T> items;
    private final AtomicLong next = new AtomicLong();

    ImageCycle(List<T> items) {
        this.items = List.copyOf(items);
    }

    T next() {
        return items.get((int) (next.getAndIncrement() % items.size()));
    }

    List<T> next(int n) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }
}

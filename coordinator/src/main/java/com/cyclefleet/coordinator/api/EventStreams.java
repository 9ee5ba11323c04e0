package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.state.FleetState;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Server-sent-event streams over the folded state: history first, then live records, de-duplicated by id, until
 * a terminal item or the client leaves; a comment line every keep-alive interval meanwhile.
 * <p>
 * The history is read only once the live listener is registered (the stream is subscribed after the resource
 * method returns): read earlier, a terminal record applied in between would be in neither, and the stream would
 * wait forever.
 */
final class EventStreams {

    /** One event to send: its SSE name, id and JSON data. */
    record Item(String name, String id, Object data) {
    }

    static final String KEEP_ALIVE_COMMENT = "keep-alive";
    /** One daemon thread for every stream's keep-alive comments (each send is a few bytes). */
    private static final ScheduledExecutorService KEEP_ALIVE_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-keep-alive");
        t.setDaemon(true);
        return t;
    });

    private EventStreams() {
    }

    /**
     * @param history  reads the items already applied (sent first); called after the listener is registered
     * @param live     maps an applied record to an item, or null when it is not part of this stream
     * @param terminal true for the item after which the stream ends
     */
    static Multi<OutboundSseEvent> stream(Fleet fleet, Sse sse, Duration keepAlive, Supplier<List<Item>> history,
                                          Function<FleetState.Applied, Item> live, Predicate<Item> terminal) {
        return Multi.createFrom().emitter(emitter -> {
            Set<String> sent = ConcurrentHashMap.newKeySet();
            AtomicBoolean finished = new AtomicBoolean();
            AtomicReference<Runnable> unsubscribe = new AtomicReference<>(() -> { });
            Object lock = new Object();
            Function<Item, Boolean> send = item -> {
                if (finished.get() || !sent.add(item.id())) {
                    return false;
                }
                emitter.emit(sse.newEventBuilder().name(item.name()).id(item.id())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(item.data()).build());
                if (terminal.test(item)) {
                    finished.set(true);
                    emitter.complete();
                }
                return true;
            };
            synchronized (lock) {
                unsubscribe.set(fleet.state().addListener(applied -> {
                    Item item = live.apply(applied);
                    if (item != null) {
                        synchronized (lock) {
                            send.apply(item);
                        }
                    }
                }));
                OutboundSseEvent comment = sse.newEventBuilder().comment(KEEP_ALIVE_COMMENT).build();
                ScheduledFuture<?> keepAlives = KEEP_ALIVE_TIMER.scheduleAtFixedRate(() -> {
                    synchronized (lock) {
                        if (!finished.get()) {
                            emitter.emit(comment);
                        }
                    }
                }, keepAlive.toMillis(), keepAlive.toMillis(), TimeUnit.MILLISECONDS);
                emitter.onTermination(() -> {
                    keepAlives.cancel(false);
                    unsubscribe.get().run();
                });
                for (Item item : history.get()) {
                    send.apply(item);
                }
            }
            if (finished.get()) {
                unsubscribe.get().run();
            }
        });
    }
}

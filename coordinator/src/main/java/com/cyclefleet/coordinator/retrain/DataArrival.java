package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.protocol.DatasetChanged;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.protocol.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one door through which images written straight into the bucket become DatasetChanged events, whichever path
 * saw them (the bucket watcher, a MinIO notification). Keys already folded are dropped here; the fold counts a key
 * once as well, so a race between two paths (or with an upload) still counts the image once.
 */
@ApplicationScoped
public class DataArrival {

    private static final Logger LOG = Logger.getLogger(DataArrival.class);

    @Inject
    Fleet fleet;

    /** Images of one domain, as listed or notified. */
    public record Seen(String dataset, Domain domain, String key) {
    }

    /**
     * Publishes a DatasetChanged for each key not seen before, in one transaction, and returns how many were new.
     * Serialised, so two paths reporting the same key at once publish it once.
     */
    public int offer(List<Seen> seen, String via) {
        return offer(seen, via, List.of());
    }

    /**
     * As {@link #offer(List, String)}, with {@code after} published behind the events in the same transaction: a
     * new policy goes behind the images already there, so the fold does not count those as new.
     */
    public synchronized int offer(List<Seen> seen, String via, List<? extends Message> after) {
        RetrainState state = fleet.state().retraining();
        Set<String> batch = new HashSet<>();
        List<Seen> fresh = new ArrayList<>();
        for (Seen s : seen) {
            if (!state.seen(s.key()) && batch.add(s.key())) {
                fresh.add(s);
            }
        }
        // the count grows with each new image of the domain, as an upload's count does
        Map<String, Long> counts = new HashMap<>();
        List<DatasetChanged> events = new ArrayList<>();
        for (Seen s : fresh) {
            long count = counts.merge(s.dataset() + "/" + s.domain(), 1L, Long::sum) + foldedCount(s);
            events.add(new DatasetChanged(s.dataset(), s.domain(), s.key(), count));
        }
        if (events.isEmpty() && after.isEmpty()) {
            return 0;
        }
        List<Message> messages = new ArrayList<>(events);
        messages.addAll(after);
        fleet.publish(messages);
        for (DatasetChanged e : events) {
            LOG.infof("data arrival via %s: dataset %s domain %s key %s", via, e.dataset(), e.domain(), e.key());
        }
        return events.size();
    }

    private long foldedCount(Seen s) {
        return fleet.state().dataset(s.dataset()).map(d -> d.domains().get(s.domain())).map(d -> d.count())
                .orElse(0L);
    }
}

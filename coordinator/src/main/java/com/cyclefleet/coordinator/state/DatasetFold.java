package com.cyclefleet.coordinator.state;

import com.cyclefleet.coordinator.state.Views.DatasetView;
import com.cyclefleet.coordinator.state.Views.DomainView;
import com.cyclefleet.protocol.DatasetChanged;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.protocol.codec.Envelope;
import com.cyclefleet.storage.ObjectLayout;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The datasets' domains, folded from their change events. Guarded by the {@link FleetState} lock. */
final class DatasetFold {

    private final Map<String, Map<Domain, DomainView>> datasets = new TreeMap<>();

    void fold(Envelope record) {
        if (record.payload() instanceof DatasetChanged c) {
            Map<Domain, DomainView> domains = datasets.computeIfAbsent(c.dataset(), n -> new EnumMap<>(Domain.class));
            DomainView before = domains.get(c.domain());
            boolean registered = c.key().endsWith("/");
            String prefix = registered ? c.key()
                    : before != null ? before.prefix() : ObjectLayout.domainPrefix(c.dataset(), c.domain());
            domains.put(c.domain(), new DomainView(prefix, registered || (before != null && before.registered()),
                    c.count(), c.key(), record.timestamp()));
        }
    }

    /** By name. */
    List<DatasetView> all() {
        return datasets.keySet().stream().map(this::view).toList();
    }

    Optional<DatasetView> get(String name) {
        return datasets.containsKey(name) ? Optional.of(view(name)) : Optional.empty();
    }

    private DatasetView view(String name) {
        return new DatasetView(name, Map.copyOf(datasets.get(name)));
    }
}

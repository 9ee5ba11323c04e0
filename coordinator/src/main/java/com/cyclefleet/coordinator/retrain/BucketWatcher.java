package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.state.Views.DatasetView;
import com.cyclefleet.coordinator.state.Views.DomainView;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.storage.ObjectLayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists the domain prefixes of every dataset with a retraining policy and reports the images it has not seen to
 * {@link DataArrival}. The embedded default's s3proxy sends no bucket notifications, so this
 * is how a direct write is seen there; with MinIO it is a safety net for a lost notification.
 */
@ApplicationScoped
public class BucketWatcher {

    @Inject
    Fleet fleet;

    @Inject
    DataArrival arrival;

    @Inject
    CoordinatorConfig config;

    /** Lists once; returns how many new images were published. */
    public int scan() {
        ImageKeys keys = new ImageKeys(config.translation().batchExtensions());
        List<DataArrival.Seen> seen = new ArrayList<>();
        for (Map.Entry<String, Map<Domain, String>> dataset : prefixes().entrySet()) {
            for (Map.Entry<Domain, String> domain : dataset.getValue().entrySet()) {
                String prefix = domain.getValue();
                for (String key : fleet.store().list(prefix)) {
                    if (keys.isImage(key) && key.indexOf('/', prefix.length()) < 0
                            && !fleet.state().retraining().seen(key)) {
                        seen.add(new DataArrival.Seen(dataset.getKey(), domain.getKey(), key));
                    }
                }
            }
        }
        return arrival.offer(seen, "bucket listing");
    }

    /**
     * The domain prefixes of the datasets that have a retraining policy: a registered prefix where there is one, the
     * upload layout otherwise. Datasets without a policy are not listed: nothing acts on their direct writes, and
     * listing them would race every upload (which reports its own images).
     */
    private Map<String, Map<Domain, String>> prefixes() {
        Map<String, Map<Domain, String>> out = new TreeMap<>();
        for (RetrainState.DatasetRetraining r : fleet.state().retraining().withPolicy()) {
            Map<Domain, DomainView> known = fleet.state().dataset(r.dataset()).map(DatasetView::domains)
                    .orElse(Map.of());
            Map<Domain, String> domains = out.computeIfAbsent(r.dataset(), n -> new EnumMap<>(Domain.class));
            for (Domain domain : Domain.values()) {
                DomainView view = known.get(domain);
                domains.put(domain, view != null ? view.prefix() : ObjectLayout.domainPrefix(r.dataset(), domain));
            }
        }
        return out;
    }
}

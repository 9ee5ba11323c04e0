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
        List<DataArrival.Seen> seen = new ArrayList<>();
        for (RetrainState.DatasetRetraining r : fleet.state().retraining().withPolicy()) {
            seen.addAll(unseen(r.dataset()));
        }
        return arrival.offer(seen, "bucket listing");
    }

    /**
     * The images of a dataset in the bucket that were never reported. Only datasets with a policy are scanned:
     * nothing acts on the direct writes of the others, and listing them would race every upload (which reports its
     * own images).
     */
    public List<DataArrival.Seen> unseen(String dataset) {
        ImageKeys keys = new ImageKeys(config.translation().batchExtensions());
        List<DataArrival.Seen> seen = new ArrayList<>();
        for (Map.Entry<Domain, String> e : domainPrefixes(dataset).entrySet()) {
            Domain domain = e.getKey();
            String prefix = e.getValue();
            for (String key : fleet.store().list(prefix)) {
                if (keys.isImage(key) && key.indexOf('/', prefix.length()) < 0
                        && !fleet.state().retraining().seen(key)) {
                    seen.add(new DataArrival.Seen(dataset, domain, key));
                }
            }
        }
        return seen;
    }

    /** Where each domain of the dataset is: a registered prefix where there is one, the upload layout otherwise. */
    public Map<Domain, String> domainPrefixes(String dataset) {
        Map<Domain, DomainView> known = fleet.state().dataset(dataset).map(DatasetView::domains).orElse(Map.of());
        Map<Domain, String> prefixes = new EnumMap<>(Domain.class);
        for (Domain domain : Domain.values()) {
            DomainView view = known.get(domain);
            prefixes.put(domain, view != null ? view.prefix() : ObjectLayout.domainPrefix(dataset, domain));
        }
        return prefixes;
    }
}

package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.state.Views.DatasetView;
import com.cyclefleet.coordinator.state.Views.DomainView;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.storage.ObjectLayout;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which dataset and domain an object key written into the bucket belongs to, and whether it is an image at all. A
 * key under a known domain prefix (uploaded or registered) belongs to it; any other key of the form
 * {@code datasets/{name}/{A|B}/{file}} starts a dataset, as an upload would.
 */
final class ImageKeys {

    private final List<String> extensions;

    /** @param extensions image file extensions, lower case, without the dot */
    ImageKeys(List<String> extensions) {
        this.extensions = extensions.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
    }

    boolean isImage(String key) {
        int slash = key.lastIndexOf('/');
        String file = key.substring(slash + 1);
        int dot = file.lastIndexOf('.');
        // names starting with '.' are the temporary files of copy tools, not images yet
        return !file.isEmpty() && !file.startsWith(".") && dot > 0
                && extensions.contains(file.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    Optional<DataArrival.Seen> owner(String key, List<DatasetView> known) {
        if (!isImage(key) || key.contains("..")) {
            return Optional.empty();
        }
        DataArrival.Seen best = null;
        int bestLength = -1;
        for (DatasetView dataset : known) {
            for (Map.Entry<Domain, DomainView> d : dataset.domains().entrySet()) {
                String prefix = d.getValue().prefix();
                // a direct child only: a nested folder is not part of the domain the workers read
                if (key.startsWith(prefix) && key.indexOf('/', prefix.length()) < 0 && prefix.length() > bestLength) {
                    best = new DataArrival.Seen(dataset.name(), d.getKey(), key);
                    bestLength = prefix.length();
                }
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        String[] parts = key.split("/", -1);
        if (parts.length == 4 && (parts[0] + "/").equals(ObjectLayout.DATASETS) && ObjectLayout.isValidSegment(parts[1])
                && (parts[2].equals("A") || parts[2].equals("B"))) {
            Domain domain = Domain.valueOf(parts[2]);
            if (key.equals(ObjectLayout.datasetImage(parts[1], domain, parts[3]))) {
                return Optional.of(new DataArrival.Seen(parts[1], domain, key));
            }
        }
        return Optional.empty();
    }
}

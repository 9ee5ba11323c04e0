package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.api.ApiException;
import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.service.Uploads.NamedBytes;
import com.cyclefleet.coordinator.state.Views.DatasetView;
import com.cyclefleet.coordinator.state.Views.DomainView;
import com.cyclefleet.protocol.DatasetChanged;
import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Dataset uploads, registration of existing prefixes, and descriptions. */
@ApplicationScoped
public class DatasetService {

    @Inject
    Fleet fleet;

    @Inject
    CoordinatorConfig config;

    /** Result of an upload. */
    public record UploadResult(String dataset, Domain domain, List<String> keys, long count) {
    }

    /** A domain as listed live in the bucket. */
    public record DomainDescription(String prefix, boolean registered, long count, long bytes) {
    }

    public record DatasetDescription(String name, Map<Domain, DomainDescription> domains) {
    }

    public static void requireName(String name, String what) {
        if (!ObjectLayout.isValidSegment(name)) {
            throw ApiException.badRequest(what + " '" + name + "' is not valid: use letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit, at most " + ObjectLayout.MAX_SEGMENT_LENGTH + " characters");
        }
    }

    public static Domain parseDomain(String domain) {
        try {
            return Domain.valueOf(domain.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.badRequest("domain must be A or B, was '" + domain + "'");
        }
    }

    /**
     * Validates every image first (nothing is written if one is bad), stores them under
     * {@code datasets/{dataset}/{domain}/}, and publishes one DatasetChanged per image in one transaction.
     */
    public UploadResult upload(String dataset, Domain domain, List<NamedBytes> files) {
        requireName(dataset, "dataset name");
        DomainView existing = fleet.state().dataset(dataset).map(d -> d.domains().get(domain)).orElse(null);
        if (existing != null && existing.registered()) {
            throw ApiException.conflict("domain " + domain + " of dataset '" + dataset + "' is the registered prefix '"
                    + existing.prefix() + "'; upload images there directly");
        }
        List<NamedBytes> images = expand(files);
        Map<String, NamedBytes> byKey = new LinkedHashMap<>();
        Map<String, String> contentTypes = new LinkedHashMap<>();
        int index = 0;
        for (NamedBytes image : images) {
            ImageCheck.Image checked = ImageCheck.check(image.bytes(), image.name(), config.uploads().maxImageBytes());
            String file = Uploads.safeFileName(image.name(), "image-" + index + "." + checked.format());
            String key = ObjectLayout.datasetImage(dataset, domain, file);
            byKey.put(key, image);
            contentTypes.put(key, checked.contentType());
            index++;
        }
        ObjectStore store = fleet.store();
        for (Map.Entry<String, NamedBytes> e : byKey.entrySet()) {
            store.put(e.getKey(), e.getValue().bytes(), contentTypes.get(e.getKey()));
        }
        long count = store.list(ObjectLayout.domainPrefix(dataset, domain)).size();
        List<DatasetChanged> events = new ArrayList<>();
        for (String key : byKey.keySet()) {
            events.add(new DatasetChanged(dataset, domain, key, count));
        }
        fleet.publish(events);
        return new UploadResult(dataset, domain, List.copyOf(byKey.keySet()), count);
    }

    private List<NamedBytes> expand(List<NamedBytes> files) {
        if (files.isEmpty()) {
            throw ApiException.badRequest("no files uploaded: send multipart field 'files' (images or zips) or a zip body");
        }
        List<NamedBytes> images = new ArrayList<>();
        for (NamedBytes file : files) {
            if (file.bytes().length > 0 && Uploads.looksLikeZip(file.name(), file.bytes())) {
                if (file.bytes().length > config.uploads().maxArchiveBytes()) {
                    throw new ApiException(ApiException.PAYLOAD_TOO_LARGE, "zip '" + file.name() + "' is over the limit"
                            + " of " + config.uploads().maxArchiveBytes() + " bytes (cyclefleet.uploads.max-archive-bytes)");
                }
                images.addAll(Uploads.unzip(file.bytes(), file.name(), config.uploads().maxArchiveEntries(),
                        config.uploads().maxArchiveBytes()));
            } else {
                images.add(file);
            }
        }
        return images;
    }

    /** Registers existing prefixes of the bucket as a dataset's domains. */
    public DatasetView register(String dataset, Map<Domain, String> prefixes) {
        requireName(dataset, "dataset name");
        if (prefixes.isEmpty()) {
            throw ApiException.badRequest("give prefixA and/or prefixB");
        }
        List<DatasetChanged> events = new ArrayList<>();
        for (Map.Entry<Domain, String> e : prefixes.entrySet()) {
            String prefix = e.getValue();
            if (prefix.isBlank() || prefix.startsWith("/") || !prefix.endsWith("/") || prefix.contains("..")) {
                throw ApiException.badRequest("prefix" + e.getKey() + " '" + prefix + "' must be a key prefix ending in "
                        + "'/', without a leading '/' or '..'");
            }
            long count = fleet.store().list(prefix).size();
            if (count == 0) {
                throw ApiException.badRequest("prefix" + e.getKey() + " '" + prefix + "' holds no objects in bucket '"
                        + fleet.store().bucket() + "'");
            }
            events.add(new DatasetChanged(dataset, e.getKey(), prefix, count));
        }
        fleet.publish(events);
        return fleet.state().dataset(dataset).orElseThrow();
    }

    public List<DatasetView> list() {
        return fleet.state().datasets();
    }

    /** Counts and sizes listed live from the bucket. */
    public DatasetDescription describe(String dataset) {
        DatasetView view = fleet.state().dataset(dataset)
                .orElseThrow(() -> ApiException.notFound("dataset '" + dataset + "' not found"));
        Map<Domain, DomainDescription> domains = new EnumMap<>(Domain.class);
        for (Map.Entry<Domain, DomainView> e : view.domains().entrySet()) {
            Map<String, Long> sizes = fleet.store().sizes(e.getValue().prefix());
            long bytes = sizes.values().stream().mapToLong(Long::longValue).sum();
            domains.put(e.getKey(), new DomainDescription(e.getValue().prefix(), e.getValue().registered(),
                    sizes.size(), bytes));
        }
        return new DatasetDescription(dataset, domains);
    }

    /** Where a dataset's images are, for a training job; both domains must have images. */
    public DatasetRef refFor(String dataset) {
        DatasetView view = fleet.state().dataset(dataset)
                .orElseThrow(() -> ApiException.notFound("dataset '" + dataset + "' not found; upload images first"));
        DomainView a = view.domains().get(Domain.A);
        DomainView b = view.domains().get(Domain.B);
        if (a == null || a.count() == 0 || b == null || b.count() == 0) {
            throw ApiException.badRequest("dataset '" + dataset + "' needs images in both domains A and B (has A: "
                    + (a == null ? 0 : a.count()) + ", B: " + (b == null ? 0 : b.count()) + ")");
        }
        return new DatasetRef(fleet.store().bucket(), a.prefix(), b.prefix());
    }
}

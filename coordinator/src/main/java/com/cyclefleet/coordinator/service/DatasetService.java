package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.domain.Conflict;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.NotFound;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.service.Uploads.NamedBytes;
import com.cyclefleet.coordinator.service.Uploads.NamedFile;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Dataset uploads, registration of existing prefixes, and descriptions. */
@ApplicationScoped
public class DatasetService {

    @Inject
    Fleet fleet;

    @Inject
    CoordinatorConfig config;

    @Inject
    ImageCheck images;

    private static final String IMAGE_LIMIT = "cyclefleet.uploads.max-image-bytes";
    private static final String ARCHIVE_LIMIT = "cyclefleet.uploads.max-archive-bytes";

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
            throw new InvalidRequest(what + " '" + name + "' is not valid: use letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit, at most " + ObjectLayout.MAX_SEGMENT_LENGTH + " characters");
        }
    }

    public static Domain parseDomain(String domain) {
        try {
            return Domain.valueOf(domain.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRequest("domain must be A or B, was '" + domain + "'");
        }
    }

    /** One uploaded file, validated: where its images go, to be written once every file of the upload is. */
    private record Checked(NamedFile file, NamedBytes inMemory, boolean zip, List<String> keys, List<String> types) {
    }

    /**
     * Validates every image first, zips entry by entry from disk (nothing is written if one image or limit fails),
     * then stores them under {@code datasets/{dataset}/{domain}/} and publishes one DatasetChanged per image in one
     * transaction. Memory holds one image at a time, whatever the upload's size.
     */
    public UploadResult upload(String dataset, Domain domain, List<NamedFile> files) {
        requireWritable(dataset, domain);
        if (files.isEmpty()) {
            throw new InvalidRequest("no files uploaded: send multipart field 'files' (images or zips) or a zip body");
        }
        ImageNames names = new ImageNames();
        List<Checked> checked = new ArrayList<>();
        for (NamedFile file : files) {
            checked.add(check(dataset, domain, file, names));
        }
        return write(dataset, domain, checked);
    }

    /** Uploads one image held in memory (a raw request body, bounded by the image limit). */
    public UploadResult upload(String dataset, Domain domain, NamedBytes image) {
        requireWritable(dataset, domain);
        ImageCheck.Image img = images.check(image.bytes(), image.name() == null ? "request body" : image.name());
        String key = ObjectLayout.datasetImage(dataset, domain,
                new ImageNames().forFile(image.name(), image.bytes(), img.format()));
        return write(dataset, domain, List.of(new Checked(null, image, false, List.of(key),
                List.of(img.contentType()))));
    }

    private void requireWritable(String dataset, Domain domain) {
        requireName(dataset, "dataset name");
        DomainView existing = fleet.state().dataset(dataset).map(d -> d.domains().get(domain)).orElse(null);
        if (existing != null && existing.registered()) {
            throw new Conflict("domain " + domain + " of dataset '" + dataset + "' is the registered prefix '"
                    + existing.prefix() + "'; upload images there directly");
        }
    }

    private Checked check(String dataset, Domain domain, NamedFile file, ImageNames names) {
        List<String> keys = new ArrayList<>();
        List<String> types = new ArrayList<>();
        if (Uploads.looksLikeZip(file.name(), file.path())) {
            Uploads.requireAtMost(file, config.uploads().maxArchiveBytes(), ARCHIVE_LIMIT);
            ZipReader.forEachFile(file.path(), file.name(), zipLimits(), (index, entry, bytes) -> {
                ImageCheck.Image img = images.check(bytes, entry);
                keys.add(ObjectLayout.datasetImage(dataset, domain, names.forEntry(entry, bytes, img.format())));
                types.add(img.contentType());
            });
            return new Checked(file, null, true, keys, types);
        }
        byte[] bytes = Uploads.readLimited(file, config.uploads().maxImageBytes(), IMAGE_LIMIT);
        ImageCheck.Image img = images.check(bytes, file.name());
        keys.add(ObjectLayout.datasetImage(dataset, domain, names.forFile(file.name(), bytes, img.format())));
        types.add(img.contentType());
        return new Checked(file, null, false, keys, types);
    }

    private ZipReader.Limits zipLimits() {
        CoordinatorConfig.Uploads u = config.uploads();
        return new ZipReader.Limits(u.maxArchiveEntries(), u.maxArchiveBytes(), u.maxImageBytes(),
                u.maxCompressionRatio());
    }

    private UploadResult write(String dataset, Domain domain, List<Checked> checked) {
        ObjectStore store = fleet.store();
        Set<String> written = new LinkedHashSet<>();
        for (Checked c : checked) {
            if (c.inMemory() != null) {
                store.put(c.keys().get(0), c.inMemory().bytes(), c.types().get(0));
            } else if (c.zip()) {
                // the second pass reads the same entries the first one checked
                ZipReader.forEachFile(c.file().path(), c.file().name(), zipLimits(),
                        (index, entry, bytes) -> store.put(c.keys().get(index), bytes, c.types().get(index)));
            } else {
                store.put(c.keys().get(0), Uploads.readLimited(c.file(), config.uploads().maxImageBytes(), IMAGE_LIMIT),
                        c.types().get(0));
            }
            written.addAll(c.keys());
        }
        long count = store.list(ObjectLayout.domainPrefix(dataset, domain)).size();
        List<DatasetChanged> events = new ArrayList<>();
        for (String key : written) {
            events.add(new DatasetChanged(dataset, domain, key, count));
        }
        fleet.publish(events);
        return new UploadResult(dataset, domain, List.copyOf(written), count);
    }

    /** Registers existing prefixes of the bucket as a dataset's domains. */
    public DatasetView register(String dataset, Map<Domain, String> prefixes) {
        requireName(dataset, "dataset name");
        if (prefixes.isEmpty()) {
            throw new InvalidRequest("give prefixA and/or prefixB");
        }
        List<DatasetChanged> events = new ArrayList<>();
        for (Map.Entry<Domain, String> e : prefixes.entrySet()) {
            String prefix = e.getValue();
            if (prefix.isBlank() || prefix.startsWith("/") || !prefix.endsWith("/") || prefix.contains("..")) {
                throw new InvalidRequest("prefix" + e.getKey() + " '" + prefix + "' must be a key prefix ending in "
                        + "'/', without a leading '/' or '..'");
            }
            long count = fleet.store().list(prefix).size();
            if (count == 0) {
                throw new InvalidRequest("prefix" + e.getKey() + " '" + prefix + "' holds no objects in bucket '"
                        + fleet.store().bucket() + "'");
            }
            events.add(new DatasetChanged(dataset, e.getKey(), prefix, count));
        }
        fleet.publish(events);
        return fleet.state().dataset(dataset).orElseThrow();
    }

    /** Every dataset with its counts listed live, as {@link #describe} counts them. */
    public List<DatasetView> list() {
        return fleet.state().datasets().stream().map(this::withLiveCounts).toList();
    }

    private DatasetView withLiveCounts(DatasetView view) {
        Map<Domain, DomainView> domains = new EnumMap<>(Domain.class);
        for (Map.Entry<Domain, DomainView> e : view.domains().entrySet()) {
            DomainView d = e.getValue();
            domains.put(e.getKey(), new DomainView(d.prefix(), d.registered(), fleet.store().list(d.prefix()).size(),
                    d.lastKey(), d.updatedAt()));
        }
        return new DatasetView(view.name(), domains);
    }

    /** Counts and sizes listed live from the bucket. */
    public DatasetDescription describe(String dataset) {
        DatasetView view = fleet.state().dataset(dataset)
                .orElseThrow(() -> new NotFound("dataset '" + dataset + "' not found"));
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
                .orElseThrow(() -> new NotFound("dataset '" + dataset + "' not found; upload images first"));
        DomainView a = view.domains().get(Domain.A);
        DomainView b = view.domains().get(Domain.B);
        if (a == null || a.count() == 0 || b == null || b.count() == 0) {
            throw new InvalidRequest("dataset '" + dataset + "' needs images in both domains A and B (has A: "
                    + (a == null ? 0 : a.count()) + ", B: " + (b == null ? 0 : b.count()) + ")");
        }
        return new DatasetRef(fleet.store().bucket(), a.prefix(), b.prefix());
    }
}

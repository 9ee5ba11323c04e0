package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.NotFound;
import com.cyclefleet.coordinator.domain.TooLarge;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.state.Views.DomainView;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dataset's images as the dashboard shows them: the first few names of a domain, each with a coordinator URL that
 * serves its bytes. They are served through the coordinator rather than as presigned URLs because a browser outside
 * the fleet's network often cannot reach the object store's endpoint, and the playground must read a picked image
 * from its own origin. Listing is bounded (a domain may hold hundreds of thousands of keys), and so is every image
 * served, by the upload limit that let it in. Every object under a domain's prefix is one of its images (the
 * workers train on all of them), so none is filtered out.
 */
@ApplicationScoped
public class DatasetImages {

    public record Thumbnail(String name, String url) {
    }

    public record Image(byte[] bytes, String contentType) {
    }

    private static final String BINARY = "application/octet-stream";
    /** The image types a browser renders; anything else is served as bytes, never as something it would run. */
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "bmp", "image/bmp", "gif", "image/gif");

    @Inject
    Fleet fleet;

    @Inject
    CoordinatorConfig config;

    public List<Thumbnail> thumbnails(String dataset, Domain domain, Integer limit) {
        int maxThumbnails = config.datasets().maxThumbnails();
        int n = limit == null ? maxThumbnails : limit;
        if (n < 1 || n > maxThumbnails) {
            throw new InvalidRequest("limit must be between 1 and " + maxThumbnails
                    + " (cyclefleet.datasets.max-thumbnails), got " + n);
        }
        DomainView view = domainOf(dataset, domain);
        if (view == null) {
            return List.of();
        }
        return fleet.store().firstKeys(view.prefix(), n).stream().map(key -> key.substring(view.prefix().length()))
                .map(name -> new Thumbnail(name, "/datasets/" + encode(dataset) + "/" + domain + "/images/"
                        + encode(name)))
                .toList();
    }

    public Image image(String dataset, Domain domain, String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..")
                || name.equals(".")) {
            throw new InvalidRequest("an image name is one path segment of the domain's prefix, got '" + name + "'");
        }
        DomainView view = domainOf(dataset, domain);
        if (view == null) {
            throw new NotFound("dataset '" + dataset + "' has no domain " + domain);
        }
        String key = view.prefix() + name;
        long size;
        try {
            size = fleet.store().size(key);
        } catch (StorageException e) {
            if (e.kind() != StorageException.Kind.OBJECT_NOT_FOUND) {
                throw e;
            }
            throw new NotFound("dataset '" + dataset + "' domain " + domain + " has no image '" + name + "'");
        }
        if (size > config.uploads().maxImageBytes()) {
            throw new TooLarge("'" + key + "' is " + size + " bytes, over the image limit of "
                    + config.uploads().maxImageBytes() + " (cyclefleet.uploads.max-image-bytes)");
        }
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? BINARY
                : IMAGE_TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), BINARY);
        return new Image(fleet.store().get(key), type);
    }

    private DomainView domainOf(String dataset, Domain domain) {
        return fleet.state().dataset(dataset).orElseThrow(() -> new NotFound("dataset '" + dataset + "' not found"))
                .domains().get(domain);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.service.DatasetService;
import com.cyclefleet.coordinator.service.DatasetImages;
import com.cyclefleet.coordinator.service.Uploads;
import com.cyclefleet.coordinator.service.Uploads.NamedBytes;
import com.cyclefleet.coordinator.service.Uploads.NamedFile;
import com.cyclefleet.coordinator.state.Views.DatasetView;
import com.cyclefleet.protocol.Domain;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class DatasetResource {

    private static final String IMAGE_LIMIT = "cyclefleet.uploads.max-image-bytes";
    private static final String ARCHIVE_LIMIT = "cyclefleet.uploads.max-archive-bytes";

    @Inject
    DatasetService datasets;

    @Inject
    DatasetImages images;

    @Inject
    CoordinatorConfig config;

    /** Body of POST /datasets/{name}/register. */
    public record RegisterRequest(String prefixA, String prefixB) {
    }

    @GET
    @Operation(summary = "List datasets with their domains' prefixes and image counts")
    public List<DatasetView> list() {
        return datasets.list();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Describe a dataset: per domain its prefix, image count and total bytes (listed live)")
    public DatasetService.DatasetDescription describe(@PathParam("name") String name) {
        return datasets.describe(name);
    }

    @GET
    @Path("/{name}/{domain}/thumbnails")
    @Operation(summary = "The domain's first images, each with the URL that serves it (at most "
            + "cyclefleet.datasets.max-thumbnails)")
    public List<DatasetImages.Thumbnail> thumbnails(@PathParam("name") String name, @PathParam("domain") String domain,
                                                    @RestQuery("limit") Integer limit) {
        return images.thumbnails(name, DatasetService.parseDomain(domain), limit);
    }

    @GET
    @Path("/{name}/{domain}/images/{file}")
    @Produces({"image/png", "image/jpeg", "image/bmp", "image/gif", MediaType.APPLICATION_OCTET_STREAM,
            MediaType.APPLICATION_JSON})
    @Operation(summary = "One image of the dataset's domain, as stored")
    public Response image(@PathParam("name") String name, @PathParam("domain") String domain,
                          @PathParam("file") String file) {
        DatasetImages.Image image = images.image(name, DatasetService.parseDomain(domain), file);
        // nosniff: a stored object is shown as the image its name says, never interpreted as a page
        return Response.ok(image.bytes(), image.contentType()).header("X-Content-Type-Options", "nosniff").build();
    }

    @POST
    @Path("/{name}/{domain}/images")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload images (any multipart file fields; zips are expanded) into domain A or B")
    public Response uploadMultipart(@PathParam("name") String name, @PathParam("domain") String domain,
                                    @RestForm(FileUpload.ALL) List<FileUpload> files) {
        Domain d = DatasetService.parseDomain(domain);
        return created(datasets.upload(name, d, Bodies.files(files)));
    }

    @POST
    @Path("/{name}/{domain}/images")
    @Consumes({"application/zip", "application/x-zip-compressed", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Upload a zip of images (raw body) into domain A or B")
    public Response uploadZip(@PathParam("name") String name, @PathParam("domain") String domain,
                              @RestQuery("filename") String filename, InputStream body) {
        Domain d = DatasetService.parseDomain(domain);
        String zipName = filename == null ? "upload.zip" : filename;
        // spooled to disk: the zip may be as large as the archive limit, far more than the heap should hold
        java.nio.file.Path spooled = Uploads.spool(body == null ? InputStream.nullInputStream() : body,
                config.uploads().maxArchiveBytes(), "the zip", ARCHIVE_LIMIT);
        try {
            return created(datasets.upload(name, d, List.of(new NamedFile(zipName, spooled))));
        } finally {
            Uploads.deleteQuietly(spooled);
        }
    }

    @POST
    @Path("/{name}/{domain}/images")
    @Consumes({"image/png", "image/jpeg", "image/gif", "image/bmp"})
    @Operation(summary = "Upload one image (raw body, ?filename=) into domain A or B")
    public Response uploadImage(@PathParam("name") String name, @PathParam("domain") String domain,
                                @RestQuery("filename") String filename, InputStream body) {
        Domain d = DatasetService.parseDomain(domain);
        byte[] bytes = Bodies.body(body, config.uploads().maxImageBytes(), "the image", IMAGE_LIMIT);
        return created(datasets.upload(name, d, new NamedBytes(filename, bytes)));
    }

    @POST
    @Path("/{name}/register")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register existing bucket prefixes as the dataset's domain A and/or B")
    public DatasetView register(@PathParam("name") String name, RegisterRequest request) {
        if (request == null) {
            throw new InvalidRequest("send {\"prefixA\": \"...\", \"prefixB\": \"...\"}");
        }
        Map<Domain, String> prefixes = new EnumMap<>(Domain.class);
        if (request.prefixA() != null) {
            prefixes.put(Domain.A, request.prefixA());
        }
        if (request.prefixB() != null) {
            prefixes.put(Domain.B, request.prefixB());
        }
        return datasets.register(name, prefixes);
    }

    private static Response created(Object entity) {
        return Response.status(Response.Status.CREATED).entity(entity).build();
    }
}

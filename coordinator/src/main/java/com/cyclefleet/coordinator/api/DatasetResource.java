package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.service.DatasetService;
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

package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.service.Enums;
import com.cyclefleet.coordinator.service.ModelService;
import com.cyclefleet.coordinator.service.Uploads;
import com.cyclefleet.coordinator.service.Uploads.NamedBytes;
import com.cyclefleet.coordinator.service.Uploads.NamedFile;
import com.cyclefleet.coordinator.service.ZipReader;
import com.cyclefleet.coordinator.state.Views.ModelVersionView;
import com.cyclefleet.coordinator.state.Views.ModelView;
import com.cyclefleet.coordinator.state.Views.PromotionView;
import com.cyclefleet.protocol.Direction;
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
import java.util.ArrayList;
import java.util.List;

@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelResource {

    private static final String ARCHIVE_LIMIT = "cyclefleet.uploads.max-archive-bytes";

    @Inject
    ModelService models;

    @Inject
    CoordinatorConfig config;

    /** Body of the promote call; both fields optional (dataset: the version's own; directions: both). */
    public record PromoteRequest(String dataset, List<String> directions) {
    }

    @GET
    @Operation(summary = "List models with their versions")
    public List<ModelView> list() {
        return models.list();
    }

    @GET
    @Path("/defaults")
    @Operation(summary = "The promoted default model version per dataset and direction")
    public List<PromotionView> defaults() {
        return models.defaults();
    }

    @GET
    @Path("/{modelId}")
    @Operation(summary = "A model: versions and where it is the default")
    public ModelView get(@PathParam("modelId") String modelId) {
        return models.get(modelId);
    }

    @GET
    @Path("/{modelId}/versions/{version}")
    @Operation(summary = "One model version")
    public ModelVersionView version(@PathParam("modelId") String modelId, @PathParam("version") int version) {
        return models.version(modelId, version);
    }

    @POST
    @Path("/{modelId}/versions/{version}/promote")
    @Operation(summary = "Promote a version as the default for a dataset and direction(s); publishes ModelPromoted")
    public List<PromotionView> promote(@PathParam("modelId") String modelId, @PathParam("version") int version,
                                       PromoteRequest request) {
        List<Direction> directions = new ArrayList<>();
        String dataset = null;
        if (request != null) {
            dataset = request.dataset();
            if (request.directions() != null) {
                request.directions().forEach(d -> directions.add(Enums.direction(d)));
            }
        }
        return models.promote(modelId, version, dataset, directions);
    }

    @POST
    @Path("/{modelId}/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Import reference PyTorch generator weights (zip of <state_dict key>.npy, G_A/ and G_B/ or flat)")
    public Response importMultipart(@PathParam("modelId") String modelId, @RestForm("file") FileUpload file,
                                    @RestForm("netG") String netG, @RestForm("ngf") Integer ngf,
                                    @RestForm("dataset") String dataset) {
        if (file == null) {
            throw new InvalidRequest("multipart field 'file' (the weights zip) is required");
        }
        NamedFile zip = Bodies.onDisk(file);
        Uploads.requireAtMost(zip, config.uploads().maxArchiveBytes(), ARCHIVE_LIMIT);
        return importZip(modelId, zip, netG, ngf, dataset);
    }

    @POST
    @Path("/{modelId}/import")
    @Consumes({"application/zip", "application/x-zip-compressed", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import reference weights from a raw zip body (?netG=&ngf=&dataset=)")
    public Response importRaw(@PathParam("modelId") String modelId, @RestQuery("netG") String netG,
                              @RestQuery("ngf") Integer ngf, @RestQuery("dataset") String dataset, InputStream body) {
        java.nio.file.Path spooled = Uploads.spool(body == null ? InputStream.nullInputStream() : body,
                config.uploads().maxArchiveBytes(), "the weights zip", ARCHIVE_LIMIT);
        try {
            return importZip(modelId, new NamedFile("weights.zip", spooled), netG, ngf, dataset);
        } finally {
            Uploads.deleteQuietly(spooled);
        }
    }

    /** netG and ngf that are not given are inferred from the weights, not taken from the training defaults. */
    private Response importZip(String modelId, NamedFile zip, String netG, Integer ngf, String dataset) {
        if (zip.path().toFile().length() == 0) {
            throw new InvalidRequest("the weights zip is empty");
        }
        List<NamedBytes> entries = new ArrayList<>();
        // no ratio limit: untrained biases are all zeros and compress without bound; the total bounds memory
        ZipReader.Limits limits = new ZipReader.Limits(config.uploads().maxArchiveEntries(),
                config.uploads().maxArchiveBytes(), config.uploads().maxArchiveBytes(), Integer.MAX_VALUE);
        ZipReader.forEachFile(zip.path(), zip.name(), limits, (index, name, bytes) -> entries.add(
                new NamedBytes(name, bytes)));
        ModelVersionView v = models.importWeights(modelId, entries, netG == null ? null : Enums.netG(netG), ngf,
                dataset);
        return Response.status(Response.Status.CREATED).entity(v).build();
    }
}

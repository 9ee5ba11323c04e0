package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.service.Uploads;
import com.cyclefleet.coordinator.service.Uploads.NamedBytes;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Reading request bodies and multipart files with size limits. */
final class Bodies {

    private Bodies() {
    }

    static NamedBytes file(FileUpload upload, long maxBytes, String limitProperty) {
        String name = upload.fileName() == null || upload.fileName().isBlank() ? upload.name() : upload.fileName();
        if (upload.size() > maxBytes) {
            throw new ApiException(ApiException.PAYLOAD_TOO_LARGE, "'" + name + "' is " + upload.size()
                    + " bytes, over the limit of " + maxBytes + " bytes (" + limitProperty + ")");
        }
        try {
            return new NamedBytes(name, Files.readAllBytes(upload.uploadedFile()));
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the uploaded file '" + name + "': " + e.getMessage());
        }
    }

    static List<NamedBytes> files(List<FileUpload> uploads, long maxBytes, String limitProperty) {
        List<NamedBytes> files = new ArrayList<>();
        if (uploads != null) {
            for (FileUpload upload : uploads) {
                files.add(file(upload, maxBytes, limitProperty));
            }
        }
        return files;
    }

    static byte[] body(InputStream in, long maxBytes, String what, String limitProperty) {
        if (in == null) {
            return new byte[0];
        }
        return Uploads.readLimited(in, maxBytes, what, limitProperty);
    }
}

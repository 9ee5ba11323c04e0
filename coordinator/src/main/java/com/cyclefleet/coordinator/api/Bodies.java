package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.service.Uploads;
import com.cyclefleet.coordinator.service.Uploads.NamedBytes;
import com.cyclefleet.coordinator.service.Uploads.NamedFile;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Reading request bodies and multipart files with size limits. */
final class Bodies {

    private Bodies() {
    }

    static NamedFile onDisk(FileUpload upload) {
        String name = upload.fileName() == null || upload.fileName().isBlank() ? upload.name() : upload.fileName();
        return new NamedFile(name, upload.uploadedFile());
    }

    static NamedBytes file(FileUpload upload, long maxBytes, String limitProperty) {
        NamedFile file = onDisk(upload);
        return new NamedBytes(file.name(), Uploads.readLimited(file, maxBytes, limitProperty));
    }

    /** Multipart files stay where the framework spooled them; they are read when checked. */
    static List<NamedFile> files(List<FileUpload> uploads) {
        List<NamedFile> files = new ArrayList<>();
        if (uploads != null) {
            for (FileUpload upload : uploads) {
                files.add(onDisk(upload));
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

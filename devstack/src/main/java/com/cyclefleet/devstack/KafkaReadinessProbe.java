package com.cyclefleet.devstack;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks a broker whether it serves requests by sending one raw ApiVersions request and waiting for the matching
 * response. The listener port accepts connections well before the broker processes requests, and probing with an
 * AdminClient instead fills the caller's log with connection warnings while the broker starts.
 */
final class KafkaReadinessProbe {

    /** ApiVersions: every broker answers it at version 0, even to say a newer version is unsupported. */
    private static final short API_VERSIONS_KEY = 18;
    private static final short API_VERSION = 0;
    private static final int CORRELATION_ID = 0x0C1C1E;
    private static final byte[] CLIENT_ID = "cyclefleet-devstack-probe".getBytes(StandardCharsets.UTF_8);
    /** Request header v1: api key (2), api version (2), correlation id (4), client id length (2) and bytes. */
    private static final int HEADER_BYTES = 2 + 2 + 4 + 2;

    private KafkaReadinessProbe() {
    }

    /** True when the broker on the loopback port answered an ApiVersions request within the timeout. */
    static boolean answers(int port, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Ports.LOOPBACK, port), millis);
            socket.setSoTimeout(millis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(request());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            return size >= Integer.BYTES && in.readInt() == CORRELATION_ID;
        } catch (IOException notServingYet) {
            return false;
        }
    }

    private static byte[] request() {
        int payload = HEADER_BYTES + CLIENT_ID.length;
        ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES + payload);
        buffer.putInt(payload);
        buffer.putShort(API_VERSIONS_KEY);
        buffer.putShort(API_VERSION);
        buffer.putInt(CORRELATION_ID);
        buffer.putShort((short) CLIENT_ID.length);
        buffer.put(CLIENT_ID);
        return buffer.array();
    }
}

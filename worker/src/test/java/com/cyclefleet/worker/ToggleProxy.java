package com.cyclefleet.worker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A relay to an HTTP server that a test can take down (connections refused, open ones closed) and bring back on the
 * same port, or make refuse writes (a PUT closes its connection unanswered while GETs pass): an S3 server that
 * becomes unreachable, or read-only, without touching the one other tests share.
 */
final class ToggleProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean refuseWrites;

    ToggleProxy(String host, int targetPort) throws IOException {
        this.target = new InetSocketAddress(host, targetPort);
        ServerSocket s = bind(0);
        this.port = s.getLocalPort();
        this.server = s;
        accept(s);
    }

    int port() {
        return port;
    }

    /** Refuses new connections and closes the open ones. */
    synchronized void down() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    /** While true, each PUT request closes its connection before it reaches the server. */
    void refuseWrites(boolean refuse) {
        refuseWrites = refuse;
    }

    synchronized void up() throws IOException {
        if (server == null) {
            server = bind(port);
            accept(server);
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void accept(ServerSocket s) {
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket upstream = new Socket(target.getHostString(), target.getPort());
                    open.add(client);
                    open.add(upstream);
                    relayRequests(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    // closed by down() or close()
                }
            }
        }, "toggle-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Forwards requests one at a time (head, then Content-Length bytes of body) so a PUT can be refused whole;
     * responses need no parsing and go back through {@link #pipe}.
     */
    private void relayRequests(Socket client, Socket upstream) {
        Thread t = new Thread(() -> {
            try (InputStream in = new BufferedInputStream(client.getInputStream());
                 OutputStream out = upstream.getOutputStream()) {
                for (byte[] head; (head = readHead(in)) != null; ) {
                    String text = new String(head, StandardCharsets.ISO_8859_1);
                    if (refuseWrites && text.startsWith("PUT ")) {
                        break;
                    }
                    out.write(head);
                    if (!copy(in, out, contentLength(text))) {
                        break;
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(client);
                closeQuietly(upstream);
            }
        }, "toggle-proxy-requests");
        t.setDaemon(true);
        t.start();
    }

    /** The request line and headers through the blank line, or null at the end of the stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) != -1; ) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private static long contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (name.equals("transfer-encoding")) {
                    throw new IOException("chunked requests are not relayed");
                }
                if (name.equals("content-length")) {
                    return Long.parseLong(line.substring(colon + 1).trim());
                }
            }
        }
        return 0;
    }

    /** Copies exactly {@code length} bytes; false when the stream ends first. */
    private static boolean copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return false;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        return true;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(to);
                closeQuietly(from);
            }
        }, "toggle-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        down();
    }
}

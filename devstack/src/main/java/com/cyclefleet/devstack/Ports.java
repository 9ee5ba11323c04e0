package com.cyclefleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports: finding a free one and checking whether something listens. */
public final class Ports {

    /** The devstack servers listen on loopback only: nothing here is meant to be reachable from other hosts. */
    public static final String LOOPBACK = "127.0.0.1";
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(200);

    private Ports() {
    }

    /** A port nothing listens on right now (another process could still take it before we bind it). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK, e);
        }
    }

    /**
     * {@code port} itself after checking nothing listens on it, or a free port when it is 0. Checking first matters:
     * a readiness probe would otherwise talk to whatever already listens there and report the new server ready.
     */
    public static int reserve(int port, String what) {
        if (port == 0) {
            return free();
        }
        if (isOpen(port)) {
            throw new IllegalStateException("cannot start " + what + ": port " + port + " on " + LOOPBACK
                    + " is already in use");
        }
        return port;
    }

    /** True when a TCP connection to the loopback port succeeds. */
    public static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

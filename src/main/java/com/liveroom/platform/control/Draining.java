package com.liveroom.platform.control;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether this server is on its way out. Once a drain has begun (the server is stopping: SIGTERM, an undeploy) it
 * reports not ready, takes no new sockets and no new chat messages, and sends its members elsewhere; the drain
 * itself is delivery's ({@code delivery.control.Drain}). Kept here, at the bottom, because readiness, the handshake
 * and the chat path all ask it and none of them may depend on delivery.
 * <p>
 * Concurrency: one volatile flag, set once and never cleared (a server that has begun to drain stops).
 */
@ApplicationScoped
public class Draining {

    private volatile boolean begun;

    /** Marks the drain as begun; true for the one call that did. */
    public synchronized boolean begin() {
        if (begun) {
            return false;
        }
        begun = true;
        return true;
    }

    public boolean begun() {
        return begun;
    }
}

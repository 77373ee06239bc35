package com.liveroom.delivery.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Closes sockets, on a thread of its own: writing a close frame can wait behind a member's full buffers, and
 * neither the fan-out nor a socket's own thread may wait on that. From the moment a member is marked closing
 * nothing more is written to it; its {@code @OnClose} takes it out of its rooms.
 */
@ApplicationScoped
public class SocketCloser {

    private static final Logger LOG = System.getLogger(SocketCloser.class.getName());

    @Resource
    ManagedThreadFactory threads;

    private ExecutorService closing;

    @PostConstruct
    void start() {
        closing = Executors.newSingleThreadExecutor(threads);
    }

    @PreDestroy
    void stop() {
        closing.shutdownNow();
    }

    /** Closes the member's socket unless it is already closing; true when this call closed it. */
    public boolean close(Member member, CloseReason.CloseCode code, String reason) {
        if (!member.markClosing()) {
            return false;
        }
        closing.execute(() -> {
            try {
                member.session().close(new CloseReason(code, reason));
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "closing a connection that is already gone", e);
            }
        });
        return true;
    }
}

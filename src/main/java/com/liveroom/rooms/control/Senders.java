package com.liveroom.rooms.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The threads that write to sockets. On Payara, Tyrus writes a frame by flushing the servlet output stream,
 * which blocks while the peer's TCP window is full, even through the "asynchronous" remote. So no socket
 * write may happen on the chat writer's thread: outboxes are drained here, and a peer that stops reading
 * holds up one of these threads, never the room.
 */
@ApplicationScoped
public class Senders implements Executor {

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "liveroom.ws.sender-threads", defaultValue = "16")
    int size;

    private ExecutorService pool;

    /** The threads are made with the application, so they carry its context and no caller's. */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        pool.isShutdown();
    }

    @PostConstruct
    void start() {
        var executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        executor.prestartAllCoreThreads();
        pool = executor;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    @Override
    public void execute(Runnable work) {
        pool.execute(work);
    }
}

package com.liveroom.delivery.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where Tyrus keeps each session's idle timer. Tyrus re-arms it for every frame a socket receives, as a task on the
 * scheduler its container gives it: on Payara the default managed scheduled executor, whose every task captures
 * context, with a {@code ServiceLoader} scan under the class loaders' locks (a join storm's handshake threads were
 * found waiting on those locks, and every heartbeat pays it). Liveroom keeps socket deadlines itself
 * ({@link SocketSweeper}) and sets the idle timeout to 0, so the timer's task does nothing: each session is given a
 * plain scheduler of its own thread instead, made with the application, where such a task costs a queue entry.
 * <p>
 * The scheduler is the session's private field {@code service}; it is found once, at the first socket. On a container
 * without it (another Tyrus), the sessions keep the container's scheduler, which is logged once; so they do with
 * {@code liveroom.ws.plain-idle-timer=false}.
 * <p>
 * Concurrency: the field handle is resolved under this bean's lock once and only read afterwards; the session's own
 * lock ({@code setMaxIdleTimeout}, called right after) publishes the new scheduler to Tyrus's other threads.
 */
@ApplicationScoped
public class IdleTimers {

    private static final Logger LOG = System.getLogger(IdleTimers.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "liveroom.ws.plain-idle-timer", defaultValue = "true")
    boolean wanted;

    private ScheduledThreadPoolExecutor plain;
    private Field service;
    private boolean resolved;

    @PostConstruct
    void start() {
        plain = new ScheduledThreadPoolExecutor(1, threads);
        plain.setRemoveOnCancelPolicy(true);
    }

    @PreDestroy
    void stop() {
        plain.shutdownNow();
    }

    /** Gives the session the plain scheduler, then turns its idle timeout off (the sweeper keeps the deadlines). */
    void takeOver(Session session) {
        Field field = wanted ? field(session) : null;
        if (field != null) {
            try {
                field.set(session, plain);
            } catch (IllegalAccessException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not give a session the plain idle timer", e);
            }
        }
        session.setMaxIdleTimeout(0);
    }

    private synchronized Field field(Session session) {
        if (!resolved) {
            resolved = true;
            service = find(session.getClass());
        }
        return service;
    }

    private static Field find(Class<?> sessionType) {
        for (Class<?> c = sessionType; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField("service");
                if (field.getType() == ScheduledExecutorService.class) {
                    field.setAccessible(true);
                    LOG.log(Level.INFO, "sessions re-arm their idle timers on a plain scheduler ({0}.service)",
                            c.getName());
                    return field;
                }
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            } catch (RuntimeException e) {
                break;
            }
        }
        LOG.log(Level.WARNING, "{0} keeps its idle timer where the container puts it", sessionType.getName());
        return null;
    }
}

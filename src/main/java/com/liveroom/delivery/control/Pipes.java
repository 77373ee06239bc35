package com.liveroom.delivery.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses how frames reach a socket, once, at deployment.
 * <p>
 * <b>Raw</b>: Tyrus's {@code TyrusWebSocket.sendRawFrame(ByteBuffer)} writes bytes that are already a WebSocket
 * frame as they are: no UTF-8 encoding and framing per member, no copy, and none of what
 * {@code RemoteEndpoint.sendText} does on every send (re-arming the session's idle timer as a task on the
 * container's managed scheduler, which captures context). Tyrus's own broadcast uses it. A session's remote endpoint
 * holds its {@code TyrusWebSocket} in the field {@code webSocket}; the future it returns is a
 * {@code CompletableFuture} (Tyrus 2.1.4 and later), so completion needs no waiting thread.
 * <p>
 * <b>Fallback</b>: each frame's text through the session's asynchronous remote, for a container without that path
 * (logged once at deployment), for a socket that negotiated an extension (its frames would need the extension's
 * encoding), or when {@code liveroom.delivery.raw-writes} is false.
 * <p>
 * Concurrency: the handles are resolved once in {@link #resolve} and only read afterwards.
 */
@ApplicationScoped
public class Pipes {

    private static final Logger LOG = System.getLogger(Pipes.class.getName());

    @Inject
    @ConfigProperty(name = "liveroom.delivery.raw-writes", defaultValue = "true")
    boolean rawWanted;

    private volatile RawPath raw;

    @PostConstruct
    void resolve() {
        if (!rawWanted) {
            LOG.log(Level.INFO, "socket writes go through RemoteEndpoint.Async: liveroom.delivery.raw-writes is false");
        }
    }

    /** The pipe to one socket, opened when the socket opens. */
    Pipe open(Session session) {
        if (rawWanted && session.getNegotiatedExtensions().isEmpty()) {
            RawPath path = rawPath(session.getBasicRemote());
            if (path != null) {
                Object socket = path.socketOf(session.getBasicRemote());
                if (socket != null) {
                    return new RawPipe(path, socket);
                }
            }
        }
        return new TextPipe(session.getAsyncRemote());
    }

    /** Whether this server writes raw frames (false before the first socket, and on a container without the path). */
    public boolean rawActive() {
        return raw != null && raw.sendRawFrame != null;
    }

    private RawPath rawPath(RemoteEndpoint remote) {
        RawPath path = raw;
        if (path == null) {
            synchronized (this) {
                if (raw == null) {
                    raw = RawPath.find(remote);
                }
                path = raw;
            }
        }
        return path.sendRawFrame == null ? null : path;
    }

    /** Tyrus's handles, or none (both null) where this container has no such path. */
    private record RawPath(MethodHandle webSocket, MethodHandle sendRawFrame) {

        static RawPath find(RemoteEndpoint remote) {
            try {
                Class<?> type = remote.getClass();
                Field field = null;
                for (Class<?> c = type; c != null && field == null; c = c.getSuperclass()) {
                    try {
                        field = c.getDeclaredField("webSocket");
                    } catch (NoSuchFieldException notHere) {
                        // look in the superclass
                    }
                }
                if (field == null) {
                    throw new NoSuchFieldException(type.getName() + ".webSocket");
                }
                field.setAccessible(true);
                MethodHandle getter = MethodHandles.lookup().unreflectGetter(field);
                Class<?> socketType = field.getType();
                MethodHandle send = MethodHandles.publicLookup().findVirtual(socketType, "sendRawFrame",
                        MethodType.methodType(Future.class, ByteBuffer.class));
                LOG.log(Level.INFO, "socket writes are raw frames ({0}.sendRawFrame)", socketType.getName());
                return new RawPath(getter.asType(MethodType.methodType(Object.class, Object.class)),
                        send.asType(MethodType.methodType(Future.class, Object.class, ByteBuffer.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.WARNING, "this container has no raw frame path ({0}): socket writes go through "
                        + "RemoteEndpoint.Async", e.toString());
                return new RawPath(null, null);
            }
        }

        Object socketOf(RemoteEndpoint remote) {
            try {
                return webSocket.invokeExact((Object) remote);
            } catch (Throwable e) {
                LOG.log(Level.DEBUG, "no web socket behind a remote endpoint", e);
                return null;
            }
        }
    }

    private record RawPipe(RawPath path, Object socket) implements Pipe {

        @Override
        public CompletableFuture<?> write(Batch batch) {
            Future<?> sent;
            try {
                sent = (Future<?>) path.sendRawFrame().invokeExact(socket, batch.buffer());
            } catch (Throwable e) {
                return CompletableFuture.failedFuture(e);
            }
            return sent instanceof CompletableFuture<?> completable ? completable : CompletableFuture.completedFuture(sent);
        }
    }

    private record TextPipe(RemoteEndpoint.Async remote) implements Pipe {

        @Override
        public CompletableFuture<?> write(Batch batch) {
            List<WireFrame> frames = batch.frames();
            CompletableFuture<Void> last = new CompletableFuture<>();
            try {
                for (int i = 0; i < frames.size() - 1; i++) {
                    remote.sendText(frames.get(i).text(), result -> failOn(result, last));
                }
                remote.sendText(frames.get(frames.size() - 1).text(), result -> {
                    if (result.isOK()) {
                        last.complete(null);
                    } else {
                        last.completeExceptionally(result.getException());
                    }
                });
            } catch (RuntimeException e) {
                last.completeExceptionally(e);
            }
            return last;
        }

        private static void failOn(SendResult result, CompletableFuture<Void> last) {
            if (!result.isOK()) {
                last.completeExceptionally(result.getException());
            }
        }
    }
}

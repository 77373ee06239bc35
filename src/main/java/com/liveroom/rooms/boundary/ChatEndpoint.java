package com.liveroom.rooms.boundary;

import com.liveroom.identity.control.Tokens;
import com.liveroom.identity.entity.Caller;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.control.Admission;
import com.liveroom.rooms.control.ChatMessage;
import com.liveroom.rooms.control.ChatMetrics;
import com.liveroom.rooms.control.ChatWriter;
import com.liveroom.rooms.control.Connection;
import com.liveroom.rooms.control.ContentRules;
import com.liveroom.rooms.control.FrameCodec;
import com.liveroom.rooms.control.FrameCodec.Frame;
import com.liveroom.rooms.control.Limits;
import com.liveroom.rooms.control.RoomRegistry;
import com.liveroom.rooms.control.Senders;
import com.liveroom.rooms.control.SocketSweeper;
import com.liveroom.rooms.control.Streams;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One member's socket. Thin on purpose: it decodes a frame, checks who sent it, and hands it over (a join to
 * the room registry, a message to the chat writer). Whatever is wrong with a frame is answered with
 * {@code {code, msg}} and the socket stays open.
 */
@ServerEndpoint(value = "/ws", configurator = HandshakeCredentials.class)
public class ChatEndpoint {

    static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final int MAX_CLIENT_MSG_ID = 64;
    private static final Logger LOG = System.getLogger(ChatEndpoint.class.getName());

    @Inject
    RoomRegistry registry;

    @Inject
    ChatWriter writer;

    @Inject
    Streams streams;

    @Inject
    Tokens tokens;

    @Inject
    FrameCodec codec;

    @Inject
    ContentRules rules;

    @Inject
    Clock clock;

    @Inject
    Limits limits;

    @Inject
    Senders senders;

    @Inject
    ChatMetrics metrics;

    @Inject
    Moderation moderation;

    @Inject
    @ConfigProperty(name = "liveroom.ws.outbox-bytes", defaultValue = "1048576")
    long outboxBytes;

    @Inject
    SocketSweeper sweeper;

    @Inject
    @ConfigProperty(name = "liveroom.limits.rooms-per-connection", defaultValue = "5")
    int maxRooms;

    private Connection connection;

    @OnOpen
    public void open(Session session) {
        // the sweeper keeps the socket's deadlines; the container's own timeout would re-arm a timer on every frame
        session.setMaxIdleTimeout(0);
        connection = new Connection(session, senders, outboxBytes, metrics);
        metrics.socketOpened();
        sweeper.watch(connection);
        Object token = session.getUserProperties().get(HandshakeCredentials.TOKEN);
        if (token instanceof String handshakeToken) {
            answering(() -> authenticate(handshakeToken));
        }
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void onText(String text) {
        connection.heard();
        answering(() -> handle(codec.decode(text)));
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void onBinary(ByteBuffer ignored) {
        connection.close(CloseCodes.CANNOT_ACCEPT, "only JSON text frames are understood");
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        connection.closed();
        sweeper.forget(connection);
        metrics.socketClosed();
        registry.leaveAll(connection);
        connection.identity().ifPresent(identity -> limits.closeSocket(identity.caller().id()));
    }

    @OnError
    public void failed(Session session, Throwable error) {
        LOG.log(Level.WARNING, "socket error on connection {0}: {1}", session.getId(), error.toString());
    }

    private void answering(Runnable work) {
        try {
            work.run();
        } catch (Refusal refused) {
            connection.send(codec.error(refused.code(), refused.getMessage()));
        } catch (RuntimeException unexpected) {
            LOG.log(Level.WARNING, "a frame on connection " + connection.id() + " failed", unexpected);
            connection.send(codec.error(500, "the server failed on this frame: try again"));
        }
    }

    private void handle(Frame frame) {
        if (frame.type() != Frame.HEARTBEAT && frame.type() != Frame.CHAT && frame.type() != Frame.JOIN) {
            throw Refusal.badRequest("unknown frame type " + frame.type());
        }
        Caller caller = authenticate(frame.token());
        switch (frame.type()) {
            case Frame.JOIN -> join(caller, codec.objectIn(frame.payLoad(), "payLoad"));
            case Frame.CHAT -> chat(caller, codec.objectIn(frame.payLoad(), "payLoad"));
            default -> {
                // a heartbeat: receiving it is all it is for (it keeps the idle timeout away)
            }
        }
    }

    /** The caller behind this frame: its own token if it brings one, else the token the socket already showed. */
    private Caller authenticate(String frameToken) {
        var token = Tokens.fromAuthorization(frameToken);
        if (token.isPresent() && !connection.knows(token.get())) {
            var verified = tokens.verify(token.get())
                    .orElseThrow(() -> Refusal.unauthorized("the token is invalid or has expired"));
            signIn(token.get(), verified);
        }
        var identity = connection.identity()
                .orElseThrow(() -> Refusal.unauthorized("sign in first: send a token"));
        if (!identity.expiresAt().isAfter(clock.instant())) {
            connection.close(CloseCodes.VIOLATED_POLICY, "the token has expired");
            throw Refusal.unauthorized("the token has expired");
        }
        return identity.caller();
    }

    /** Counts the socket against its user's limit; the sweeper closes it when the token runs out. */
    private void signIn(String token, Tokens.Verified verified) {
        long user = verified.caller().id();
        var before = connection.identity();
        if (before.map(b -> b.caller().id() != user).orElse(true)) {
            if (!limits.openSocket(user)) {
                var refusal = new Refusal(Refusal.TOO_MANY, "too many connections for this user");
                connection.send(codec.error(refusal.code(), refusal.getMessage()));
                connection.close(CloseCodes.VIOLATED_POLICY, refusal.getMessage());
                throw refusal;
            }
            before.ifPresent(b -> limits.closeSocket(b.caller().id()));
        }
        connection.authenticate(token, verified);
    }

    /** Joins are answered by the chat writer's thread, in order with the room's commits (see Doorkeeper). */
    private void join(Caller caller, JsonObject payLoad) {
        String topic = topic(payLoad);
        if (connection.rooms().size() >= maxRooms && !streams.idOfRoom(topic).map(connection::isIn).orElse(false)) {
            throw new Refusal(Refusal.TOO_MANY, "a socket may be in at most " + maxRooms + " rooms");
        }
        Long since = payLoad.containsKey("since") ? position(payLoad) : null;
        String epoch = codec.string(payLoad.get("epoch")).orElse(null);
        long streamId = room(topic);
        moderation.requireWelcome(streamId, caller.id());
        // frames after this join on the same socket are queued behind it, so they may already speak in the room
        connection.rooms().add(streamId);
        writer.admit(new Admission(connection, topic, since, epoch));
    }

    private Long position(JsonObject payLoad) {
        return codec.string(payLoad.get("since")).filter(v -> v.matches("\\d{1,18}")).map(Long::valueOf)
                .orElseThrow(() -> Refusal.badRequest("since must be the last seq the client has"));
    }

    /**
     * A chat frame. A refusal of a frame that names its {@code clientMsgId} carries that id back, so a client with
     * several messages in flight knows which one was refused.
     */
    private void chat(Caller caller, JsonObject payLoad) {
        JsonObject chatInfo = null;
        Refusal unreadable = null;
        try {
            chatInfo = codec.objectIn(payLoad.get("chatInfo"), "chatInfo");
        } catch (Refusal refused) {
            unreadable = refused;
        }
        String echo = chatInfo == null ? null : codec.string(chatInfo.get("clientMsgId"))
                .filter(id -> !id.isEmpty() && id.length() <= MAX_CLIENT_MSG_ID).orElse(null);
        try {
            chat(caller, payLoad, chatInfo, unreadable);
        } catch (Refusal refused) {
            if (echo == null) {
                throw refused;
            }
            connection.send(codec.error(refused.code(), refused.getMessage(), echo));
        }
    }

    private void chat(Caller caller, JsonObject payLoad, JsonObject chatInfo, Refusal unreadable) {
        long streamId = room(topic(payLoad));
        if (!connection.isIn(streamId)) {
            throw Refusal.forbidden("join the room before chatting in it");
        }
        if (unreadable != null) {
            throw unreadable;
        }
        String type = codec.string(chatInfo.get("type")).orElse("message");
        if (!"message".equals(type)) {
            throw Refusal.badRequest("only messages are sent over the socket; questions go to /api/question/add");
        }
        String content = rules.accept(codec.string(chatInfo.get("content")).orElse(null), "the message");
        String clientMsgId = clientMsgId(chatInfo);
        limits.message(caller.id());
        String text = moderation.admit(streamId, caller, content, Moderation.Speech.MESSAGE);
        writer.submit(new ChatMessage(streamId, caller, text, clientMsgId)).whenComplete((stored, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "a message could not be stored: {0}", failure.toString());
                connection.send(codec.error(Refusal.UNAVAILABLE, "the message was not stored: send it again",
                        clientMsgId));
            } else if (clientMsgId != null) {
                connection.send(codec.event(FrameCodec.ACK, "stored",
                        new Ack(clientMsgId, stored.item().id(), stored.item().seq())));
            }
        });
    }

    private String topic(JsonObject payLoad) {
        return codec.string(payLoad.get("topic")).filter(t -> !t.isBlank())
                .orElseThrow(() -> Refusal.badRequest("the payLoad needs a topic (the room number)"));
    }

    private long room(String topic) {
        return streams.idOfRoom(topic).orElseThrow(() -> Refusal.notFound("no room " + topic));
    }

    private String clientMsgId(JsonObject chatInfo) {
        if (!chatInfo.containsKey("clientMsgId")) {
            return null;
        }
        return codec.string(chatInfo.get("clientMsgId"))
                .filter(id -> !id.isEmpty() && id.length() <= MAX_CLIENT_MSG_ID)
                .orElseThrow(() -> Refusal.badRequest("clientMsgId must be text of 1 to 64 characters"));
    }

    public record Ack(String clientMsgId, long id, long seq) {
    }
}

package com.liveroom.delivery.boundary;

import com.liveroom.delivery.control.ChatIntake;
import com.liveroom.delivery.control.Doorkeeper;
import com.liveroom.delivery.control.FrameDecoder;
import com.liveroom.delivery.control.Inbound;
import com.liveroom.delivery.control.LikeIntake;
import com.liveroom.delivery.control.Member;
import com.liveroom.delivery.control.SignIn;
import com.liveroom.delivery.control.SocketLifecycle;
import com.liveroom.identity.entity.Caller;
import com.liveroom.platform.control.Refusal;
import com.liveroom.wire.Frames;
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

/**
 * One member's socket. Thin on purpose: it decodes a frame ({@link FrameDecoder}), checks who sent it
 * ({@link SignIn}) and hands it over: a join to the {@link Doorkeeper}, a message to the {@link ChatIntake}, likes to
 * the {@link LikeIntake}. Whatever
 * is wrong with a frame is answered with {@code {code, msg}} (naming the frame's {@code clientMsgId} when it had one)
 * and the socket stays open.
 * <p>
 * One instance per connection, made by {@link HandshakeCredentials#getEndpointInstance} with the application's beans
 * (no CDI instance per socket: a room holds tens of thousands of these).
 */
@ServerEndpoint(value = "/ws", configurator = HandshakeCredentials.class)
public class ChatEndpoint {

    static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final Logger LOG = System.getLogger(ChatEndpoint.class.getName());

    private final Beans beans;
    private Member member;

    ChatEndpoint(Beans beans) {
        this.beans = beans;
    }

    /** The application's beans every socket uses, looked up once. */
    record Beans(FrameDecoder decoder, SignIn signIn, Doorkeeper doorkeeper, ChatIntake intake,
                 SocketLifecycle sockets, Frames frames, LikeIntake likes) {
    }

    @OnOpen
    public void open(Session session) {
        member = beans.sockets().opened(session);
        Object token = session.getUserProperties().get(HandshakeCredentials.TOKEN);
        if (token instanceof String handshakeToken) {
            answering(null, () -> beans.signIn().caller(member, handshakeToken));
        }
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void onText(String text) {
        member.heard();
        Inbound frame;
        try {
            frame = beans.decoder().decode(text);
        } catch (Refusal refused) {
            refuse(refused, null);
            return;
        }
        String echo = frame instanceof Inbound.Chat chat ? chat.clientMsgId()
                : frame instanceof Inbound.Malformed malformed ? malformed.clientMsgId() : null;
        answering(echo, () -> handle(frame));
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void onBinary(ByteBuffer ignored) {
        beans.sockets().close(member, CloseCodes.CANNOT_ACCEPT, "only JSON text frames are understood");
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        beans.sockets().closed(member);
    }

    @OnError
    public void failed(Session session, Throwable error) {
        LOG.log(Level.WARNING, "socket error on connection {0}: {1}", session.getId(), error.toString());
    }

    private void handle(Inbound frame) {
        Caller caller = beans.signIn().caller(member, frame.token());
        // a heartbeat needs nothing more: receiving it is all it is for (it keeps the idle timeout away)
        if (frame instanceof Inbound.Join join) {
            beans.doorkeeper().ask(member, caller, join);
        } else if (frame instanceof Inbound.Chat chat) {
            beans.intake().accept(member, caller, chat);
        } else if (frame instanceof Inbound.Like like) {
            beans.likes().accept(member, caller, like);
        } else if (frame instanceof Inbound.Malformed malformed) {
            throw malformed.why();
        }
    }

    private void answering(String clientMsgId, Runnable work) {
        try {
            work.run();
        } catch (Refusal refused) {
            refuse(refused, clientMsgId);
        } catch (RuntimeException unexpected) {
            Refusal wrapped = Refusal.within(unexpected).orElse(null);
            if (wrapped != null) {
                // a refusal from under the data access (the database out of reach), wrapped on its way up
                refuse(wrapped, clientMsgId);
                return;
            }
            LOG.log(Level.WARNING, "a frame on connection " + member.id() + " failed", unexpected);
            refuse(new Refusal(500, "the server failed on this frame: try again"), clientMsgId);
        }
    }

    private void refuse(Refusal refused, String clientMsgId) {
        beans.sockets().send(member, beans.frames().error(refused.code(), refused.getMessage(), clientMsgId));
    }
}

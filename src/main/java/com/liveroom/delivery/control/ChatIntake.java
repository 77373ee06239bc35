package com.liveroom.delivery.control;

import com.liveroom.chat.control.ChatMessage;
import com.liveroom.chat.control.ChatWriter;
import com.liveroom.chat.control.ContentRules;
import com.liveroom.identity.entity.Caller;
import com.liveroom.limits.control.Limits;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.control.Streams;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * A chat frame's way from a socket to the chat writer: the sender must be in the room, the text must pass the
 * content rules, the sender's rate limit and the room's moderation; then the writer stores it, the room hears it,
 * and the sender gets its ack (after its own echo) or a 503 naming its {@code clientMsgId}.
 */
@ApplicationScoped
public class ChatIntake {

    private static final Logger LOG = System.getLogger(ChatIntake.class.getName());

    @Inject
    Streams streams;

    @Inject
    ContentRules rules;

    @Inject
    Limits limits;

    @Inject
    Moderation moderation;

    @Inject
    ChatWriter writer;

    @Inject
    RoomRegistry registry;

    @Inject
    Frames frames;

    public void accept(Member member, Caller caller, Inbound.Chat chat) {
        long streamId = streams.idOfExistingRoom(chat.topic());
        if (!member.isIn(streamId)) {
            throw Refusal.forbidden("join the room before chatting in it");
        }
        String content = rules.accept(chat.content(), "the message");
        limits.message(caller.id());
        String text = moderation.admit(streamId, caller, content, Moderation.Speech.MESSAGE);
        String clientMsgId = chat.clientMsgId();
        writer.submit(new ChatMessage(streamId, caller, text, clientMsgId)).whenComplete((stored, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "a message could not be stored: {0}", failure.toString());
                registry.send(member, frames.error(Refusal.UNAVAILABLE, "the message was not stored: send it again",
                        clientMsgId));
            } else if (clientMsgId != null) {
                registry.send(member, frames.event(WireCodes.ACK, "stored",
                        new Ack(clientMsgId, stored.item().id(), stored.item().seq())));
            }
        });
    }

    public record Ack(String clientMsgId, long id, long seq) {
    }
}

package com.liveroom.delivery.control;

import com.liveroom.chat.control.ChatMessage;
import com.liveroom.chat.control.ChatStore;
import com.liveroom.chat.control.ChatWriter;
import com.liveroom.chat.control.ContentRules;
import com.liveroom.chat.control.IdempotencyKey;
import com.liveroom.chat.control.Receipt;
import com.liveroom.identity.entity.Caller;
import com.liveroom.limits.control.Limits;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.platform.control.Draining;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat frame's way from a socket to the chat writer: the sender must be in the room, the text must pass the
 * content rules, the sender's rate limit and the room's moderation; then the writer stores it, the room hears it,
 * and the sender gets its ack (after its own echo) or a 503 naming its {@code clientMsgId}. A resend (a
 * {@code clientMsgId} already taken) is answered before the limits: with the first copy's ack once it is stored.
 * Once the server drains, a new message is refused with 503 (a resend of one already taken is still answered), and
 * the drain waits until every message taken has been answered ({@link #answeredAll}) before it closes the sockets.
 * <p>
 * Concurrency: stateless but for the count of messages taken and not yet answered, an atomic.
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
    ChatStore store;

    @Inject
    RoomRegistry registry;

    @Inject
    Frames frames;

    @Inject
    Draining draining;

    private final AtomicInteger unanswered = new AtomicInteger();

    public void accept(Member member, Caller caller, Inbound.Chat chat) {
        long streamId = streams.idOfExistingRoom(chat.topic());
        if (!member.isIn(streamId)) {
            throw Refusal.forbidden("join the room before chatting in it");
        }
        String clientMsgId = chat.clientMsgId();
        var key = clientMsgId == null ? null : new IdempotencyKey(streamId, caller.id(), clientMsgId);
        if (key != null) {
            var first = writer.earlier(key);
            if (first.isPresent()) {
                answer(member, clientMsgId, first.get());
                return;
            }
        }
        if (draining.begun()) {
            throw new Refusal(Refusal.UNAVAILABLE, "the server is restarting and stored nothing: send it again");
        }
        String content = rules.accept(chat.content(), "the message");
        String text;
        try {
            limits.message(caller.id());
            text = moderation.admit(streamId, caller, content, Moderation.Speech.MESSAGE);
        } catch (Refusal refused) {
            Optional<ChatItem> stored = refused.code() == Refusal.TOO_MANY && key != null
                    ? store.storedEarlier(key) : Optional.empty();
            if (stored.isEmpty()) {
                throw refused;
            }
            answer(member, clientMsgId, CompletableFuture.completedFuture(Receipt.of(stored.get())));
            return;
        }
        answer(member, clientMsgId, writer.send(new ChatMessage(streamId, caller, text, clientMsgId)));
    }

    /**
     * The sender's answer once its post is stored: an ack (after its own echo, which the writer's commit queued
     * first) when it gave a {@code clientMsgId}, or a 503 naming it when nothing was stored. A resend gets the
     * first copy's answer: a repeat is not checked against the sender's rate or the room's slow mode.
     */
    private void answer(Member member, String clientMsgId, CompletableFuture<Receipt> outcome) {
        unanswered.incrementAndGet();
        outcome.whenComplete((stored, failure) -> {
            try {
                reply(member, clientMsgId, stored, failure);
            } finally {
                unanswered.decrementAndGet();
            }
        });
    }

    /** Whether every message taken so far has its answer queued for its sender (its ack or its 503). */
    public boolean answeredAll() {
        return unanswered.get() == 0;
    }

    private void reply(Member member, String clientMsgId, Receipt receipt, Throwable failure) {
        if (failure != null) {
            LOG.log(Level.WARNING, "a message could not be stored: {0}", failure.toString());
            registry.send(member, frames.error(Refusal.UNAVAILABLE, failure instanceof Refusal refused
                    ? refused.getMessage() : "the message was not stored: send it again", clientMsgId));
        } else if (clientMsgId != null) {
            registry.send(member, frames.event(WireCodes.ACK, "stored",
                    new Ack(clientMsgId, receipt.id(), receipt.seq())));
        }
    }

    public record Ack(String clientMsgId, long id, long seq) {
    }
}

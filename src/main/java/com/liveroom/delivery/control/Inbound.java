package com.liveroom.delivery.control;

import com.liveroom.platform.control.Refusal;

/**
 * A frame as a client sent it ({@code {token, type, payLoad}}), decoded and checked once by {@link FrameDecoder}.
 * Each names the token it came with, if any; the endpoint signs in with it before anything else. A frame whose
 * envelope is readable but whose payLoad is not is {@link Malformed}: it is refused only after that sign-in, as
 * every refusal of a signed-in member's frame is.
 */
public sealed interface Inbound {

    /** The token the frame carries, or null: the socket's own then. */
    String token();

    /** Type 1: receiving it is all it is for (it keeps the idle timeout away). */
    record Heartbeat(String token) implements Inbound {
    }

    /** Type 3: into a room, possibly resuming after {@code since} of the history named {@code epoch}. */
    record Join(String token, String topic, Long since, String epoch) implements Inbound {
    }

    /** Type 2: a message for a room; {@code clientMsgId} is the sender's own id for it, or null. */
    record Chat(String token, String topic, String content, String clientMsgId) implements Inbound {
    }

    /** Type 4: {@code count} taps of the like button in a room (1 to {@link FrameDecoder#MAX_LIKES}), batched. */
    record Like(String token, String topic, int count) implements Inbound {
    }

    /** A frame refused for what its payLoad holds; {@code clientMsgId} when the frame named a readable one. */
    record Malformed(String token, Refusal why, String clientMsgId) implements Inbound {
    }
}

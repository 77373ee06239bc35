package com.liveroom.delivery.control;

/**
 * A member of a room tapped its like button {@code count} times (a like frame, type 4): fired by {@link LikeIntake}
 * on the socket's thread, for the component that counts likes. An observer that refuses the taps throws a
 * {@code Refusal}, which the socket is answered with.
 */
public record LikeTapped(long stream, long user, int count) {
}

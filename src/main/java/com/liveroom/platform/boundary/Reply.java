package com.liveroom.platform.boundary;

/**
 * The envelope every successful REST answer travels in: {@code {code:200, data:...}}, the shape the
 * mini-program client reads.
 */
public record Reply<T>(int code, T data) {

    public static <T> Reply<T> ok(T data) {
        return new Reply<>(200, data);
    }
}

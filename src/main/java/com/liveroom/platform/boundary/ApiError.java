package com.liveroom.platform.boundary;

/** The body of every refused request and every error frame: {@code {code, msg}}. */
public record ApiError(int code, String msg) {
}

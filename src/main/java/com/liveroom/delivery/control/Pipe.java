package com.liveroom.delivery.control;

import java.util.concurrent.CompletableFuture;

/**
 * How frames reach one member's socket. One write at a time per member (the fan-out makes sure of it); the future
 * completes when the container has taken the bytes, which is at once unless the member's buffers are full.
 */
interface Pipe {

    CompletableFuture<?> write(Batch batch);
}

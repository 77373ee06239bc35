package com.liveroom.chat.boundary;

import com.liveroom.chat.control.ChatWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the chat writer's thread runs: without it no message is stored or broadcast again, and only a
 * restart helps, which is what a failed liveness probe asks for.
 */
@Liveness
@ApplicationScoped
public class ChatWriterLiveness implements HealthCheck {

    @Inject
    ChatWriter writer;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("chat-writer")
                .status(writer.alive())
                .withData("queued", writer.queued())
                .build();
    }
}

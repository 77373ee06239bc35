package com.liveroom.rooms.boundary;

import com.liveroom.identity.control.Tokens;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks up the token a client brings to the handshake: the mini-program sends {@code Authorization: <token>},
 * a browser (which cannot set headers) sends {@code ?token=}. The endpoint checks it when the socket opens.
 */
public class HandshakeCredentials extends ServerEndpointConfig.Configurator {

    static final String TOKEN = "liveroom.handshake-token";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Optional<String> token = first(request.getHeaders(), "Authorization").flatMap(Tokens::fromAuthorization)
                .or(() -> first(request.getParameterMap(), "token"));
        // the container gives each handshake its own copy of these properties, which become the session's
        if (token.isPresent()) {
            config.getUserProperties().put(TOKEN, token.get());
        } else {
            config.getUserProperties().remove(TOKEN);
        }
    }

    private static Optional<String> first(Map<String, List<String>> values, String name) {
        return values.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .filter(v -> v != null && !v.isBlank())
                .findFirst();
    }
}

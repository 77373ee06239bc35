package com.liveroom.delivery.boundary;

import com.liveroom.delivery.control.ChatIntake;
import com.liveroom.delivery.control.Doorkeeper;
import com.liveroom.delivery.control.FrameDecoder;
import com.liveroom.delivery.control.LikeIntake;
import com.liveroom.delivery.control.SignIn;
import com.liveroom.delivery.control.SocketLifecycle;
import com.liveroom.identity.control.Tokens;
import com.liveroom.wire.Frames;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Picks up the token a client brings to the handshake: the mini-program sends {@code Authorization: <token>},
 * a browser (which cannot set headers) sends {@code ?token=}. The endpoint checks it when the socket opens.
 */
public class HandshakeCredentials extends ServerEndpointConfig.Configurator {

    static final String TOKEN = "liveroom.handshake-token";

    private volatile ChatEndpoint.Beans beans;

    /**
     * Each socket's endpoint, made here with the application's beans rather than by the container's CDI integration,
     * which would create an injection target and a creational context per socket.
     */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != ChatEndpoint.class) {
            return super.getEndpointInstance(endpointClass);
        }
        return endpointClass.cast(new ChatEndpoint(beans()));
    }

    private ChatEndpoint.Beans beans() {
        ChatEndpoint.Beans known = beans;
        if (known == null) {
            CDI<Object> cdi = CDI.current();
            known = new ChatEndpoint.Beans(cdi.select(FrameDecoder.class).get(), cdi.select(SignIn.class).get(),
                    cdi.select(Doorkeeper.class).get(), cdi.select(ChatIntake.class).get(),
                    cdi.select(SocketLifecycle.class).get(), cdi.select(Frames.class).get(),
                    cdi.select(LikeIntake.class).get());
            beans = known;
        }
        return known;
    }

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

    /**
     * Browsers send an Origin; it must be on {@code liveroom.ws.allowed-origins} (comma-separated, {@code *}
     * matches any run of characters). Mini-program clients send none and are let through.
     */
    @Override
    public boolean checkOrigin(String origin) {
        if (origin == null || origin.isBlank()) {
            return true;
        }
        String allowed = ConfigProvider.getConfig(HandshakeCredentials.class.getClassLoader())
                .getOptionalValue("liveroom.ws.allowed-origins", String.class).orElse("*");
        return Arrays.stream(allowed.split(","))
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .anyMatch(pattern -> Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                        .collect(Collectors.joining(".*"))).matcher(origin).matches());
    }

    private static Optional<String> first(Map<String, List<String>> values, String name) {
        return values.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .filter(v -> v != null && !v.isBlank())
                .findFirst();
    }
}

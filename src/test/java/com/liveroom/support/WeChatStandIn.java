package com.liveroom.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** A stand-in for WeChat's jscode2session on loopback: knows the codes a test tells it about, refuses the rest. */
public final class WeChatStandIn implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> openIds = new ConcurrentHashMap<>();
    private volatile String lastAppId;

    private WeChatStandIn(HttpServer server) {
        this.server = server;
    }

    public static WeChatStandIn start(int port) {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            var standIn = new WeChatStandIn(server);
            server.createContext("/sns/jscode2session", exchange -> {
                Map<String, String> query = parse(exchange.getRequestURI());
                standIn.lastAppId = query.get("appid");
                String openId = standIn.openIds.remove(query.getOrDefault("js_code", ""));
                String body = openId == null || !"liveroom-test-secret".equals(query.get("secret"))
                        ? "{\"errcode\":40029,\"errmsg\":\"invalid code\"}"
                        : "{\"openid\":\"" + openId + "\",\"session_key\":\"k\"}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                // WeChat really does label its JSON as text/plain
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void accept(String code, String openId) {
        openIds.put(code, openId);
    }

    public String lastAppId() {
        return lastAppId;
    }

    private static Map<String, String> parse(URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package com.liveroom.identity.control;

import com.liveroom.platform.control.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Exchanges the code a mini-program gets from {@code wx.login} for the user's openid, through WeChat's
 * {@code jscode2session}. Base URL, appid and secret are settings, so tests can point it at a stand-in.
 */
@ApplicationScoped
public class WeChatLogin {

    private static final Logger LOG = System.getLogger(WeChatLogin.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    @ConfigProperty(name = "liveroom.wechat.base-url", defaultValue = "https://api.weixin.qq.com")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "liveroom.wechat.appid")
    Optional<String> appId;

    @Inject
    @ConfigProperty(name = "liveroom.wechat.secret")
    Optional<String> secret;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public String openIdFor(String code) {
        if (appId.isEmpty() || secret.isEmpty()) {
            throw new Refusal(Refusal.UNAVAILABLE, "WeChat login is not configured on this server");
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri = URI.create(base + "/sns/jscode2session?appid=" + encode(appId.get()) + "&secret=" + encode(secret.get())
                + "&js_code=" + encode(code) + "&grant_type=authorization_code");
        JsonObject answer = fetch(uri);
        String openId = answer.getString("openid", "");
        if (openId.isBlank()) {
            int errcode = answer.getInt("errcode", -1);
            LOG.log(Level.INFO, "jscode2session refused a code: errcode {0}", errcode);
            throw Refusal.unauthorized("WeChat did not accept the login code (errcode " + errcode + ")");
        }
        return openId;
    }

    private JsonObject fetch(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new Refusal(502, "WeChat answered with HTTP " + response.statusCode());
            }
            // WeChat labels this JSON as text/plain, so it is read from the text whatever the content type
            try (var reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readObject();
            }
        } catch (JsonException e) {
            throw new Refusal(502, "WeChat answered with something that is not JSON");
        } catch (IOException e) {
            throw new Refusal(502, "WeChat could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(502, "WeChat could not be reached");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

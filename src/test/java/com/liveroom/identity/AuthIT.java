package com.liveroom.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.liveroom.support.Api;
import com.liveroom.support.Jsons;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.TestTokens;
import com.liveroom.support.WeChatStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthIT extends ShippedWarTest {

    private static WeChatStandIn weChat;

    @BeforeAll
    static void startWeChat() {
        weChat = WeChatStandIn.start(Integer.getInteger("liveroom.it.wechatPort"));
    }

    @AfterAll
    static void stopWeChat() {
        weChat.close();
    }

    @Test
    void guestLoginAnswersATokenAndTheUser() {
        var api = new Api(base);
        var reply = api.post("api/auth/guest", null, Jsons.object().add("displayName", "Mei").add("avatarUrl", "https://a/m.png").build());
        reply.expect(200);
        assertEquals(200, reply.json().getInt("code"));
        var user = reply.data().getJsonObject("user");
        assertEquals("Mei", user.getString("displayName"));
        assertEquals("https://a/m.png", user.getString("avatarUrl"));
        String token = reply.data().getString("token");
        api.post("api/streams", token, Jsons.object().add("title", "t").add("orgName", "o").build()).expect(200);
        api.post("api/streams", "Bearer " + token, Jsons.object().add("title", "t").add("orgName", "o").build()).expect(200);
    }

    @Test
    void weChatLoginGivesTheSameUserForTheSameOpenId() {
        var api = new Api(base);
        weChat.accept("code-1", "openid-alice");
        weChat.accept("code-2", "openid-alice");
        weChat.accept("code-3", "openid-bob");
        var first = api.post("api/auth/wechat", null, Jsons.object().add("code", "code-1").add("displayName", "Alice").build()).expect(200).data();
        var again = api.post("api/auth/wechat", null, Jsons.object().add("code", "code-2").build()).expect(200).data();
        var other = api.post("api/auth/wechat", null, Jsons.object().add("code", "code-3").add("displayName", "Bob").build()).expect(200).data();
        long alice = first.getJsonObject("user").getJsonNumber("id").longValue();
        assertEquals(alice, again.getJsonObject("user").getJsonNumber("id").longValue());
        assertEquals("Alice", again.getJsonObject("user").getString("displayName"));
        assertNotEquals(alice, other.getJsonObject("user").getJsonNumber("id").longValue());
        assertEquals("liveroom-test-app", weChat.lastAppId());
    }

    @Test
    void aCodeWeChatRefusesIsUnauthorized() {
        var api = new Api(base);
        api.post("api/auth/wechat", null, Jsons.object().add("code", "never-issued").build()).expectError(401);
    }

    @Test
    void badLoginBodiesAreRefused() {
        var api = new Api(base);
        api.post("api/auth/guest", null, Jsons.object().add("displayName", " ").build()).expectError(400);
        api.post("api/auth/guest", null, "{\"displayName\":").expectError(400);
        api.post("api/auth/guest", null, Jsons.object().add("displayName", "x".repeat(65)).build()).expectError(400);
        api.post("api/auth/wechat", null, Jsons.object().build()).expectError(400);
    }

    @Test
    void missingForgedAndExpiredTokensAreRefused() {
        var api = new Api(base);
        var guest = api.guest("someone");
        var body = Jsons.object().add("title", "t").add("orgName", "o").build();
        api.post("api/streams", null, body).expectError(401);
        api.post("api/streams", TestTokens.forged(guest), body).expectError(401);
        api.post("api/streams", TestTokens.expired(guest), body).expectError(401);
        api.post("api/streams", guest.token() + "x", body).expectError(401);
        api.get("api/message/chatmsg?stream=1", "Bearer nonsense").expectError(401);
    }
}

package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.RawSocket;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile frames: the room keeps being served and nothing bad is stored. */
class RobustnessIT extends ShippedWarTest {

    private Api api;
    private Guest host;
    private Room room;

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "robust");
    }

    @Test
    void thousandsOfMalformedFramesChangeNothingAndTheRoomCarriesOn() {
        var random = new Random(20261127L);
        Guest fuzzer = api.guest("fuzzer");
        String token = fuzzer.token();
        List<Function<Random, String>> shapes = List.of(
                r -> randomText(r, r.nextInt(200)),
                r -> "{\"type\":2,\"payLoad\":" + randomText(r, 20),
                r -> "{\"token\":" + r.nextInt() + ",\"type\":" + r.nextLong() + "}",
                r -> "{\"type\":99999999999999999999999999,\"payLoad\":\"\"}",
                r -> "{\"type\":1e400,\"payLoad\":[]}",
                r -> "{\"type\":1e" + r.nextInt(Integer.MAX_VALUE) + ",\"payLoad\":\"\"}",
                r -> frame(token, 1, "") + "x" + randomText(r, r.nextInt(5)),
                r -> "{\"type\":[2],\"payLoad\":{}}",
                r -> "{\"token\":\"" + token + "\",\"type\":2,\"payLoad\":" + r.nextDouble() + "}",
                r -> frame(token, 2, Jsons.object().add("topic", room.roomNumber()).add("chatInfo", "not json " + r.nextInt()).build().toString()),
                r -> frame(token, 2, Jsons.object().add("topic", room.roomNumber()).add("chatInfo", Jsons.object().add("content", "not joined " + r.nextInt()).build().toString()).build().toString()),
                r -> frame(token, 2, Jsons.object().add("topic", room.roomNumber()).add("chatInfo", "{\"content\":{\"x\":1}}").build().toString()),
                r -> frame(token, 3, Jsons.object().add("topic", Long.toString(r.nextLong())).build().toString()),
                r -> frame(token, 3, Jsons.object().add("topic", room.roomNumber()).add("since", "-" + r.nextInt(9)).build().toString()),
                r -> frame("forged." + r.nextInt(), 2, "{}"),
                r -> "[" + r.nextInt() + "]",
                r -> "null",
                r -> "\"" + randomText(r, 10).replace("\"", "") + "\"");
        long before = api.total(host, room);
        try (var watcher = SocketClient.withHeader(api.socket(), host.token());
             var fuzz = SocketClient.withHeader(api.socket(), token)) {
            watcher.joined(room.roomNumber());
            for (int i = 0; i < 5000; i++) {
                fuzz.sendRaw(shapes.get(random.nextInt(shapes.size())).apply(random));
            }
            for (int i = 0; i < 40; i++) {
                try (var raw = RawSocket.open(api.socket(), token, 0)) {
                    if (i % 2 == 0) {
                        raw.frame(RawSocket.TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}'});
                        assertEquals(1007, raw.readUntilClose(), "invalid UTF-8 closes with 1007");
                    } else {
                        raw.frame(RawSocket.BINARY, randomBytes(random, 1 + random.nextInt(500)));
                        assertEquals(1003, raw.readUntilClose(), "a binary frame closes with 1003");
                    }
                }
            }
            fuzz.awaitCount(f -> f.getInt("code") >= 400, 5000);
            assertTrue(fuzz.isOpen(), "malformed text frames never cost the socket");
            assertTrue(fuzz.frames().stream().allMatch(f -> f.getInt("code") >= 400 && f.getInt("code") < 500),
                    "every malformed frame is answered as the client's error, never as the server's");
            assertTrue(fuzz.frames().stream().noneMatch(f -> f.getInt("code") == 200 || f.getInt("code") == 202),
                    "nothing the fuzzer sent was stored or echoed");

            watcher.chat(room.roomNumber(), "still serving");
            watcher.awaitItem(i -> i.getString("content").equals("still serving"));
            assertEquals(before + 1, api.total(host, room), "only the watcher's message is stored");
        }
    }

    private static String frame(String token, int type, String payLoad) {
        return Jsons.object().add("token", token).add("type", type).add("payLoad", payLoad).build().toString();
    }

    private static String randomText(Random random, int length) {
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextInt(4) == 0 ? 0x4e00 + random.nextInt(0x5000) : 0x20 + random.nextInt(0x5f));
        }
        return text.toString();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
    }
}

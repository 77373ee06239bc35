package com.liveroom.rooms.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.liveroom.platform.control.Refusal;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private final FrameCodec codec = new FrameCodec();

    @Test
    void readsTheMiniProgramsFrameWithItsPayLoadAsText() {
        var frame = codec.decode("{\"token\":\"t\",\"type\":2,\"payLoad\":\"{\\\"topic\\\":\\\"12345678\\\"}\"}");
        assertEquals(FrameCodec.Frame.CHAT, frame.type());
        assertEquals("t", frame.token());
        assertEquals("12345678", codec.objectIn(frame.payLoad(), "payLoad").getString("topic"));
    }

    @Test
    void readsAPayLoadGivenAsAnObjectAndATypeGivenAsText() {
        var frame = codec.decode("{\"type\":\"3\",\"payLoad\":{\"topic\":\"1\"}}");
        assertEquals(FrameCodec.Frame.JOIN, frame.type());
        assertEquals("1", codec.objectIn(frame.payLoad(), "payLoad").getString("topic"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "null", "[1]", "\"text\"", "12 foo", "{\"type\":1} trailing", "{\"type\":1}{}",
            "{\"type\":2,\"payLoad\":", "{\"type\":1.5}", "{\"type\":99999999999999999999}", "{\"type\":[1]}",
            "{\"payLoad\":\"\"}", "{\"type\":\"-1\"}"})
    void refusesWhatIsNotOneFrameWith400(String text) {
        Refusal refused = assertThrows(Refusal.class, () -> codec.decode(text));
        assertEquals(Refusal.BAD_REQUEST, refused.code());
    }

    @Test
    void refusesAHugeExponentWithoutExpandingIt() {
        Refusal refused = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(Refusal.class, () -> codec.decode("{\"type\":1e99999999,\"payLoad\":\"\"}")));
        assertEquals(Refusal.BAD_REQUEST, refused.code());
    }

    @Test
    void refusesChatInfoWithTextAfterTheObject() {
        var frame = codec.decode("{\"type\":2,\"payLoad\":{\"topic\":\"1\",\"chatInfo\":\"{\\\"content\\\":\\\"a\\\"} x\"}}");
        var payLoad = codec.objectIn(frame.payLoad(), "payLoad");
        Refusal refused = assertThrows(Refusal.class, () -> codec.objectIn(payLoad.get("chatInfo"), "chatInfo"));
        assertEquals(Refusal.BAD_REQUEST, refused.code());
    }
}

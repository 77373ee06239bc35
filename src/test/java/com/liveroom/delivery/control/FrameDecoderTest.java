package com.liveroom.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.liveroom.platform.control.Refusal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {

    private final FrameDecoder decoder = new FrameDecoder();

    @Test
    void readsTheMiniProgramsChatFrameWithItsPayLoadAndChatInfoAsText() {
        var frame = decoder.decode("{\"token\":\"t\",\"type\":2,\"payLoad\":\"{\\\"topic\\\":\\\"12345678\\\","
                + "\\\"chatInfo\\\":\\\"{\\\\\\\"content\\\\\\\":\\\\\\\"hi\\\\\\\",\\\\\\\"type\\\\\\\":\\\\\\\"message\\\\\\\"}\\\"}\"}");
        var chat = assertInstanceOf(Inbound.Chat.class, frame);
        assertEquals("t", chat.token());
        assertEquals("12345678", chat.topic());
        assertEquals("hi", chat.content());
        assertNull(chat.clientMsgId());
    }

    @Test
    void readsAJoinWithItsPayLoadAsAnObjectAndATypeGivenAsText() {
        var join = assertInstanceOf(Inbound.Join.class,
                decoder.decode("{\"type\":\"3\",\"payLoad\":{\"topic\":1,\"since\":\"41\",\"epoch\":\"e1\"}}"));
        assertEquals("1", join.topic());
        assertEquals(41L, join.since());
        assertEquals("e1", join.epoch());
    }

    @Test
    void aHeartbeatNeedsNoPayLoad() {
        assertInstanceOf(Inbound.Heartbeat.class, decoder.decode("{\"type\":1}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "null", "[1]", "\"text\"", "12 foo", "{\"type\":1} trailing", "{\"type\":1}{}",
            "{\"type\":2,\"payLoad\":", "{\"type\":1.5}", "{\"type\":99999999999999999999}", "{\"type\":[1]}",
            "{\"payLoad\":\"\"}", "{\"type\":\"-1\"}", "{\"type\":7}"})
    void refusesWhatIsNotOneFrameOfAKnownTypeWith400(String text) {
        Refusal refused = assertThrows(Refusal.class, () -> decoder.decode(text));
        assertEquals(Refusal.BAD_REQUEST, refused.code());
    }

    @Test
    void refusesAHugeExponentWithoutExpandingIt() {
        Refusal refused = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(Refusal.class, () -> decoder.decode("{\"type\":1e99999999,\"payLoad\":\"\"}")));
        assertEquals(Refusal.BAD_REQUEST, refused.code());
    }

    @Test
    void chatInfoWithTextAfterTheObjectIsMalformed() {
        var malformed = assertInstanceOf(Inbound.Malformed.class, decoder.decode(
                "{\"type\":2,\"payLoad\":{\"topic\":\"1\",\"chatInfo\":\"{\\\"content\\\":\\\"a\\\"} x\"}}"));
        assertEquals(Refusal.BAD_REQUEST, malformed.why().code());
    }

    @Test
    void aMalformedChatNamesItsClientMsgIdWhenItIsReadable() {
        var malformed = assertInstanceOf(Inbound.Malformed.class, decoder.decode(
                "{\"type\":2,\"payLoad\":{\"chatInfo\":{\"content\":\"a\",\"clientMsgId\":\"c-1\"}}}"));
        assertEquals("c-1", malformed.clientMsgId(), "no topic, but the refusal names the message");
        var tooLong = assertInstanceOf(Inbound.Malformed.class, decoder.decode(
                "{\"type\":2,\"payLoad\":{\"topic\":\"1\",\"chatInfo\":{\"content\":\"a\",\"clientMsgId\":\""
                        + "x".repeat(65) + "\"}}}"));
        assertNull(tooLong.clientMsgId());
    }

    @Test
    void aJoinWithASinceThatIsNotASeqIsMalformed() {
        var malformed = assertInstanceOf(Inbound.Malformed.class,
                decoder.decode("{\"type\":3,\"payLoad\":{\"topic\":\"1\",\"since\":\"-3\"}}"));
        assertEquals(Refusal.BAD_REQUEST, malformed.why().code());
    }

    @Test
    void aQuestionSentOverTheSocketIsMalformed() {
        var malformed = assertInstanceOf(Inbound.Malformed.class, decoder.decode(
                "{\"type\":2,\"payLoad\":{\"topic\":\"1\",\"chatInfo\":{\"content\":\"a\",\"type\":\"question\"}}}"));
        assertEquals(Refusal.BAD_REQUEST, malformed.why().code());
    }

    @Test
    void aLikeFrameCarriesItsCountOrOneTap() {
        var like = assertInstanceOf(Inbound.Like.class,
                decoder.decode("{\"type\":4,\"payLoad\":\"{\\\"topic\\\":\\\"12345678\\\",\\\"count\\\":7}\"}"));
        assertEquals("12345678", like.topic());
        assertEquals(7, like.count());
        var one = assertInstanceOf(Inbound.Like.class, decoder.decode("{\"type\":\"4\",\"payLoad\":{\"topic\":12345678}}"));
        assertEquals(1, one.count());
        var most = assertInstanceOf(Inbound.Like.class,
                decoder.decode("{\"type\":4,\"payLoad\":{\"topic\":\"1\",\"count\":100}}"));
        assertEquals(FrameDecoder.MAX_LIKES, most.count());
    }

    @Test
    void aLikeFrameWithABadCountOrNoTopicIsMalformed() {
        for (String payLoad : new String[] {"{\"topic\":\"1\",\"count\":0}", "{\"topic\":\"1\",\"count\":101}",
                "{\"topic\":\"1\",\"count\":2.5}", "{\"topic\":\"1\",\"count\":\"3\"}", "{\"topic\":\"1\",\"count\":-1}",
                "{\"topic\":\"1\",\"count\":1e99999999}", "{\"topic\":\"1\",\"count\":null}", "{\"count\":1}", "[1]"}) {
            var malformed = assertInstanceOf(Inbound.Malformed.class,
                    decoder.decode("{\"type\":4,\"payLoad\":" + payLoad + "}"), payLoad);
            assertEquals(Refusal.BAD_REQUEST, malformed.why().code(), payLoad);
        }
    }
}

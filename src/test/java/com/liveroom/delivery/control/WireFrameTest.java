package com.liveroom.delivery.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFrameTest {

    /** Payloads around each length encoding's bounds, in one-byte and three-byte characters. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 70_000})
    void aFrameIsItsHeaderAndPayloadAndGivesBackItsText(int bytes) {
        for (String unit : new String[] {"a", "慢"}) {
            int units = bytes / unit.getBytes(StandardCharsets.UTF_8).length;
            String text = unit.repeat(units);
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            WireFrame frame = WireFrame.of(text);

            ByteBuffer header = ByteBuffer.wrap(frame.bytes());
            assertEquals((byte) 0x81, header.get(), "FIN and the text opcode");
            int marker = header.get();
            long length = marker == 126 ? Short.toUnsignedInt(header.getShort()) : marker == 127 ? header.getLong() : marker;
            assertEquals(payload.length, length, "the length, in the shortest encoding");
            assertEquals(payload.length < 126 ? 2 : payload.length <= 0xFFFF ? 4 : 10, header.position());
            assertArrayEquals(payload, Arrays.copyOfRange(frame.bytes(), header.position(), frame.size()));
            assertEquals(text, frame.text());
        }
    }
}

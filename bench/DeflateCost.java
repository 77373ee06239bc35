import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * What permessage-deflate (RFC 7692) would cost and save per delivery of Liveroom's chat frames, on this machine:
 * {@code java bench/DeflateCost.java [members] [messages]}. Three ways are timed over the same stream of item frames:
 * raw (what Liveroom writes today: the frame's bytes, built once, no work per member), deflate with context takeover
 * (the default of the extension: every member's socket keeps its own compressor, so each frame is compressed once
 * per member), and deflate without context takeover ({@code server_no_context_takeover}: each frame compressed alone,
 * so one compressed copy could serve every member that negotiated the same parameters).
 */
public class DeflateCost {

    public static void main(String[] args) {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<byte[]> frames = frames(messages);
        long rawBytes = frames.stream().mapToLong(f -> f.length).sum();
        for (int round = 0; round < 3; round++) {
            // context takeover: one compressor per member, every frame through every one of them
            Deflater[] perMember = new Deflater[members];
            for (int m = 0; m < members; m++) {
                perMember[m] = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            }
            byte[] out = new byte[64 * 1024];
            long takeoverBytes = 0;
            long t0 = System.nanoTime();
            for (byte[] frame : frames) {
                for (Deflater deflater : perMember) {
                    deflater.setInput(frame);
                    takeoverBytes += deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH) - 4;
                }
            }
            long takeoverNanos = System.nanoTime() - t0;
            for (Deflater deflater : perMember) {
                deflater.end();
            }
            // no context takeover: each frame compressed alone, once, and the same bytes written to every member
            Deflater alone = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            long aloneBytes = 0;
            t0 = System.nanoTime();
            for (byte[] frame : frames) {
                alone.reset();
                alone.setInput(frame);
                aloneBytes += alone.deflate(out, 0, out.length, Deflater.SYNC_FLUSH) - 4;
            }
            long aloneNanos = System.nanoTime() - t0;
            alone.end();
            long deliveries = (long) members * messages;
            System.out.printf("round %d: %d members x %d frames (%.0f bytes each on average)%n", round, members, messages,
                    (double) rawBytes / messages);
            System.out.printf("  raw:                          %.0f bytes per delivery, no CPU per delivery%n",
                    (double) rawBytes / messages);
            System.out.printf("  deflate, context takeover:    %.0f bytes per delivery, %.0f ns per delivery (%.1f s of CPU per million deliveries)%n",
                    (double) takeoverBytes / deliveries, (double) takeoverNanos / deliveries, takeoverNanos / 1e9 / deliveries * 1e6);
            System.out.printf("  deflate, no context takeover: %.0f bytes per delivery, %.0f ns per frame once (%.2f ns per delivery)%n",
                    (double) aloneBytes / messages, (double) aloneNanos / messages, (double) aloneNanos / deliveries);
        }
    }

    /** Item frames as a room's members receive them: {code:200, data:"<item JSON>"} with short chat texts. */
    private static List<byte[]> frames(int count) {
        Random random = new Random(1);
        String[] words = {"hello", "great", "question", "when", "price", "thanks", "the", "live", "show", "666", "来了",
                "主播好", "好看", "多少钱", "链接", "怎么买"};
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0, n = 2 + random.nextInt(10); w < n; w++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            String item = ("{\"id\":" + (100000 + i) + ",\"type\":\"message\",\"user\":" + (1000 + random.nextInt(9000))
                    + ",\"displayName\":\"viewer" + random.nextInt(9000) + "\",\"avatarurl\":\"https://thirdwx.qlogo.cn/mmopen/"
                    + Long.toHexString(random.nextLong()) + "/132\",\"stream\":7,\"content\":\"" + text.toString().strip()
                    + "\",\"createdat\":\"2026-11-30T08:15:43.120+08:00\",\"seq\":" + (5000 + i) + ",\"epoch\":\"5d231e79\"}")
                    .replace("\"", "\\\"");
            frames.add(("{\"code\":200,\"data\":\"" + item + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        return frames;
    }
}

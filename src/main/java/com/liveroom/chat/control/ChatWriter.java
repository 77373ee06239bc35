package com.liveroom.chat.control;


import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.ChatItem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one thread that adds to rooms' histories. Posts wait in one bounded queue; the writer takes as many as are
 * waiting (up to the batch size), commits them in one transaction (group commit), announces them with
 * {@link ItemsCommitted}, and only then completes each post's future (the sender's ack), so an ack always follows
 * its item on the sender's socket. Delivery only queues what it is told, so the next commit never waits for a
 * fan-out. When the queue is full, a post is refused before anything is written.
 * <p>
 * A chat message with an idempotency key is remembered for a while ({@code liveroom.chat.resend-memory-seconds}, at
 * most {@code liveroom.chat.resend-memory-keys} of them) by its receipt alone (id and seq, not the item): a copy sent
 * again while the first is queued, being written or lately stored gets the first one's receipt, so one is stored and
 * every copy is acked with it. Older repeats are caught by the store, which looks up the key in the database.
 * <p>
 * When a batch fails and the database does not answer a probe either, the writer is in an outage: it refuses
 * every post at once with 503 (nothing stored, the client sends it again) and probes the database every
 * {@value #PROBE_MILLIS} ms until it answers, then takes posts again.
 * <p>
 * Concurrency: the queue and the map of remembered keys are what callers and the writer thread share; the
 * outage flag is volatile and only the writer thread sets it. This is a CDI bean, not an EJB, on purpose: a thread
 * made inside an EJB call carries that call's context into everything it runs.
 */
@ApplicationScoped
public class ChatWriter {

    private static final Logger LOG = System.getLogger(ChatWriter.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ChatStore store;

    @Inject
    Event<ItemsCommitted> committed;

    @Inject
    WriterMetrics metrics;

    @Inject
    @ConfigProperty(name = "liveroom.writer.queue-capacity", defaultValue = "10000")
    int capacity;

    @Inject
    @ConfigProperty(name = "liveroom.writer.batch-size", defaultValue = "256")
    int batchSize;

    @Inject
    @ConfigProperty(name = "liveroom.chat.resend-memory-seconds", defaultValue = "30")
    long resendMemorySeconds;

    @Inject
    @ConfigProperty(name = "liveroom.chat.resend-memory-keys", defaultValue = "20000")
    int resendMemoryKeys;

    static final long PROBE_MILLIS = 500;
    private static final String DATABASE_OUT = "the database is unreachable and nothing was stored: send it again";

    private BlockingQueue<Pending> queue;
    private Thread writer;
    private volatile boolean running;
    private volatile boolean outage;
    private final Map<IdempotencyKey, CompletableFuture<Receipt>> recent = new ConcurrentHashMap<>();
    /** Remembered keys whose post is done, oldest first: the writer forgets them when they expire. */
    private final Queue<Remembered> remembered = new ConcurrentLinkedQueue<>();

    /** The writer starts with the application, not with its first caller. */
    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its thread started, now
    }

    @PostConstruct
    void start() {
        queue = new ArrayBlockingQueue<>(capacity);
        metrics.watchQueue(queue::size);
        metrics.watchOutage(() -> outage);
        running = true;
        writer = threads.newThread(this::run);
        writer.setName("liveroom-chat-writer");
        writer.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(pending -> pending.done().completeExceptionally(
                new Refusal(Refusal.UNAVAILABLE, "the server is stopping")));
    }

    /**
     * Queues a post without waiting. The future completes with the stored item once it is committed, or fails if
     * the write failed.
     *
     * @throws Refusal 503 when the queue is full or the database is out; nothing is stored then
     */
    public CompletableFuture<Stored> submit(Post post) {
        var pending = new Pending(post, new CompletableFuture<>());
        enqueue(pending);
        return pending.done();
    }

    /**
     * Queues a chat message without waiting; the future completes with its receipt once it is committed (for a
     * repeat of one this server took lately, with the first one's), or fails if the write failed. A message with a
     * key is remembered by its receipt alone.
     *
     * @throws Refusal 503 when the queue is full or the database is out; nothing is stored then
     */
    public CompletableFuture<Receipt> send(Post post) {
        Optional<IdempotencyKey> key = post.idempotencyKey();
        if (key.isEmpty()) {
            return submit(post).thenApply(stored -> Receipt.of(stored.item()));
        }
        var pending = new Pending(post, new CompletableFuture<>());
        CompletableFuture<Receipt> receipt = pending.done().thenApply(stored -> Receipt.of(stored.item()));
        CompletableFuture<Receipt> first = recent.putIfAbsent(key.get(), receipt);
        if (first != null) {
            return first;
        }
        try {
            enqueue(pending);
        } catch (Refusal refused) {
            recent.remove(key.get(), receipt);
            throw refused;
        }
        receipt.whenComplete((stored, failure) -> {
            if (failure != null) {
                recent.remove(key.get(), receipt);
            } else {
                remembered.add(new Remembered(key.get(), receipt,
                        System.nanoTime() + TimeUnit.SECONDS.toNanos(resendMemorySeconds)));
            }
        });
        return receipt;
    }

    /** The receipt of a message with this key that this server took lately (perhaps still to be stored). */
    public Optional<CompletableFuture<Receipt>> earlier(IdempotencyKey key) {
        return Optional.ofNullable(recent.get(key));
    }

    public int queued() {
        return queue.size();
    }

    /** Whether the writer thread is still there to store posts (it ends only when the application stops). */
    public boolean alive() {
        return running && writer.isAlive();
    }

    private void enqueue(Pending pending) {
        if (outage) {
            throw new Refusal(Refusal.UNAVAILABLE, DATABASE_OUT);
        }
        if (!running || !queue.offer(pending)) {
            throw new Refusal(Refusal.UNAVAILABLE, "the server is busy and stored nothing: try again");
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (running) {
            try {
                Pending next = queue.poll(1, TimeUnit.SECONDS);
                if (next != null) {
                    batch.add(next);
                    queue.drainTo(batch, batchSize - 1);
                    write(batch);
                }
                forgetExpired();
                if (outage) {
                    waitForTheDatabase();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "chat writer failed a batch", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<Stored> outcomes;
        long began = System.nanoTime();
        try {
            outcomes = store.append(batch.stream().map(Pending::post).toList());
        } catch (RuntimeException e) {
            if (!store.answers()) {
                outage(batch, e);
            } else if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(e);
            } else {
                // one bad post must not cost the others their place: write each on its own
                batch.forEach(pending -> write(List.of(pending)));
            }
            return;
        }
        List<ChatItem> fresh = outcomes.stream().filter(o -> !o.repeat()).map(Stored::item).toList();
        metrics.committed(batch.size(), fresh.size(), Duration.ofNanos(System.nanoTime() - began));
        try {
            if (!fresh.isEmpty()) {
                committed.fire(new ItemsCommitted(fresh));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "announcing committed items failed", e);
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(outcomes.get(i));
        }
    }

    /** The database is out: this batch and everything queued behind it is refused, and so is every new post. */
    private void outage(List<Pending> batch, RuntimeException cause) {
        outage = true;
        LOG.log(Level.WARNING, "the database does not answer: chat posts are refused until it does ({0})",
                cause.toString());
        refuse(batch);
    }

    private void waitForTheDatabase() throws InterruptedException {
        while (running && !store.answers()) {
            refuse(List.of());
            Thread.sleep(PROBE_MILLIS);
        }
        outage = false;
        LOG.log(Level.INFO, "the database answers again: chat posts are taken");
    }

    /** Refuses these posts and every one still queued: nothing of them was stored. */
    private void refuse(List<Pending> posts) {
        List<Pending> refused = new ArrayList<>(posts);
        queue.drainTo(refused);
        refused.forEach(pending -> pending.done().completeExceptionally(
                new Refusal(Refusal.UNAVAILABLE, DATABASE_OUT)));
    }

    private void forgetExpired() {
        long now = System.nanoTime();
        for (Remembered oldest = remembered.peek(); oldest != null
                && (oldest.expires() - now < 0 || recent.size() > resendMemoryKeys); oldest = remembered.peek()) {
            remembered.poll();
            recent.remove(oldest.key(), oldest.done());
        }
    }

    private record Remembered(IdempotencyKey key, CompletableFuture<Receipt> done, long expires) {
    }

    private record Pending(Post post, CompletableFuture<Stored> done) {
    }
}

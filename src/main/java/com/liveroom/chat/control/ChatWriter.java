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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one thread that adds to rooms' histories. Posts wait in one bounded queue; the writer takes as many as are
 * waiting (up to the batch size), commits them in one transaction (group commit), announces them with
 * {@link ItemsCommitted}, and only then completes each post's future (the sender's ack), so an ack always follows
 * its item on the sender's socket. Delivery only queues what it is told, so the next commit never waits for a
 * fan-out. When the queue is full, a post is refused before anything is written.
 * <p>
 * Concurrency: the queue is the only state shared between callers and the writer thread. This is a CDI bean,
 * not an EJB, on purpose: a thread made inside an EJB call carries that call's context into everything it runs.
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

    private BlockingQueue<Pending> queue;
    private Thread writer;
    private volatile boolean running;

    /** The writer starts with the application, not with its first caller. */
    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its thread started, now
    }

    @PostConstruct
    void start() {
        queue = new ArrayBlockingQueue<>(capacity);
        metrics.watchQueue(queue::size);
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
     * Queues a post without waiting. The future completes with the stored item once it is committed (for a
     * repeat, with the item stored the first time), or fails if the write failed.
     *
     * @throws Refusal 503 when the queue is full; nothing is stored then
     */
    public CompletableFuture<Stored> submit(Post post) {
        var pending = new Pending(post, new CompletableFuture<>());
        enqueue(pending);
        return pending.done();
    }

    public int queued() {
        return queue.size();
    }

    /** Whether the writer thread is still there to store posts (it ends only when the application stops). */
    public boolean alive() {
        return running && writer.isAlive();
    }

    private void enqueue(Pending pending) {
        if (!running || !queue.offer(pending)) {
            throw new Refusal(Refusal.UNAVAILABLE, "the server is busy and stored nothing: try again");
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (running) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, batchSize - 1);
                write(batch);
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
        if (batch.isEmpty()) {
            return;
        }
        List<Stored> outcomes;
        long began = System.nanoTime();
        try {
            outcomes = store.append(batch.stream().map(Pending::post).toList());
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(e);
                return;
            }
            // one bad post must not cost the others their place: write each on its own
            batch.forEach(pending -> write(List.of(pending)));
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

    private record Pending(Post post, CompletableFuture<Stored> done) {
    }
}

package com.liveroom.rooms.control;

import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.ChatItem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way into a room's history. Posts wait in a bounded queue; a single writer thread takes as many as
 * are waiting, commits them in one transaction (group commit), then announces them with
 * {@link ItemsCommitted} and only then completes each post's future. Nothing is broadcast or acknowledged
 * before it is committed, and when the queue is full a post is refused before anything is written.
 * <p>
 * Concurrency: bean-managed. The queue is the only state shared between callers and the writer thread.
 */
@Singleton
@Startup
@DependsOn("Database")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChatWriter {

    private static final Logger LOG = System.getLogger(ChatWriter.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ChatStore store;

    @Inject
    Event<ItemsCommitted> committed;

    @Inject
    @ConfigProperty(name = "liveroom.writer.queue-capacity", defaultValue = "10000")
    int capacity;

    @Inject
    @ConfigProperty(name = "liveroom.writer.batch-size", defaultValue = "256")
    int batchSize;

    private BlockingQueue<Pending> queue;
    private Thread writer;
    private volatile boolean running;

    @PostConstruct
    void start() {
        queue = new ArrayBlockingQueue<>(capacity);
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
        left.forEach(p -> p.done().completeExceptionally(new Refusal(Refusal.UNAVAILABLE, "the server is stopping")));
    }

    /**
     * Queues a post without waiting. The future completes with the stored item once it is committed, or
     * fails if the write failed.
     *
     * @throws Refusal 503 when the queue is full; nothing is stored then
     */
    public CompletableFuture<ChatItem> submit(Post post) {
        var pending = new Pending(post, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            throw new Refusal(Refusal.UNAVAILABLE, "the server is busy and stored nothing: try again");
        }
        return pending.done();
    }

    public int queued() {
        return queue.size();
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
        List<ChatItem> items;
        try {
            items = store.append(batch.stream().map(Pending::post).toList());
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(e);
                return;
            }
            // one bad post must not cost the others their place: write each on its own
            batch.forEach(pending -> write(List.of(pending)));
            return;
        }
        try {
            committed.fire(new ItemsCommitted(items));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "announcing committed items failed", e);
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(items.get(i));
        }
    }

    private record Pending(Post post, CompletableFuture<ChatItem> done) {
    }
}

package com.liveroom.rooms.control;

import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.ChatItem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Event;
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
 * The one thread that changes what a room holds and who hears it. Posts, admissions and items committed by the
 * other servers of a cluster wait in one bounded queue. The writer takes as many posts as are waiting, commits them in one transaction (group commit),
 * announces them with {@link ItemsCommitted}, and only then completes each post's future (the sender's
 * ack). An admission runs between two commits, so a resuming member's replay and the live items that
 * follow it can neither overlap nor leave a gap. When the queue is full, work is refused before anything
 * is written.
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
    Doorkeeper doorkeeper;

    @Inject
    Event<ItemsCommitted> committed;

    @Inject
    ChatMetrics metrics;

    @Inject
    @ConfigProperty(name = "liveroom.writer.queue-capacity", defaultValue = "10000")
    int capacity;

    @Inject
    @ConfigProperty(name = "liveroom.writer.batch-size", defaultValue = "256")
    int batchSize;

    private BlockingQueue<Task> queue;
    private Thread writer;
    private volatile boolean running;

    /** The writer starts with the application, not with its first caller. */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        queue.size();
    }

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
        List<Task> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(task -> fail(task, new Refusal(Refusal.UNAVAILABLE, "the server is stopping")));
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

    /** Queues a socket's request to join a room; the doorkeeper answers it on the writer thread. */
    public void admit(Admission admission) {
        enqueue(new Admitting(admission));
    }

    /**
     * Queues work that must run on the writer's thread between two commits, in order with posts and joins
     * (items another server committed; moderation: telling a room an item is gone, taking a banned user
     * out). What it sends reaches members
     * after every item committed before it and before every item committed after it, and no join can fall
     * between what it reads and what it sends.
     *
     * @throws Refusal 503 when the queue is full
     */
    public CompletableFuture<Void> between(Runnable work) {
        var chore = new Chore(work, new CompletableFuture<>());
        enqueue(chore);
        return chore.done();
    }

    /** Whether the caller runs on the writer's thread (inside {@link #between}, or an observer of a commit). */
    public boolean isWriterThread() {
        return Thread.currentThread() == writer;
    }

    public int queued() {
        return queue.size();
    }

    /** Whether the writer thread is still there to store posts (it ends only when the application stops). */
    public boolean alive() {
        return running && writer.isAlive();
    }

    private void enqueue(Task task) {
        if (!running || !queue.offer(task)) {
            throw new Refusal(Refusal.UNAVAILABLE, "the server is busy and stored nothing: try again");
        }
    }

    private void run() {
        List<Task> taken = new ArrayList<>(batchSize);
        List<Pending> batch = new ArrayList<>(batchSize);
        while (running) {
            try {
                taken.add(queue.take());
                queue.drainTo(taken, batchSize - 1);
                for (Task task : taken) {
                    if (task instanceof Pending pending) {
                        batch.add(pending);
                    } else if (task instanceof Admitting admitting) {
                        write(batch);
                        batch.clear();
                        admit(admitting);
                    } else if (task instanceof Chore chore) {
                        write(batch);
                        batch.clear();
                        run(chore);
                    }
                }
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "chat writer failed a batch", e);
            } finally {
                taken.clear();
                batch.clear();
            }
        }
    }

    private void admit(Admitting admitting) {
        try {
            doorkeeper.admit(admitting.admission());
        } catch (RuntimeException e) {
            fail(admitting, e);
        }
    }

    private void run(Chore chore) {
        try {
            chore.work().run();
            chore.done().complete(null);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "work between commits failed", e);
            chore.done().completeExceptionally(e);
        }
    }

    private void fail(Task task, RuntimeException reason) {
        if (task instanceof Pending pending) {
            pending.done().completeExceptionally(reason);
        } else if (task instanceof Admitting admitting) {
            doorkeeper.refuse(admitting.admission(), reason);
        } else if (task instanceof Chore chore) {
            chore.done().completeExceptionally(reason);
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
                fail(batch.get(0), e);
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

    private sealed interface Task permits Pending, Admitting, Chore {
    }

    private record Pending(Post post, CompletableFuture<Stored> done) implements Task {
    }

    private record Admitting(Admission admission) implements Task {
    }

    private record Chore(Runnable work, CompletableFuture<Void> done) implements Task {
    }
}

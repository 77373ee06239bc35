package com.liveroom.chat.control;

import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.ChatItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** For REST calls that answer only once their post is stored: they join the chat writer's path and wait. */
@ApplicationScoped
public class Posting {

    private static final Logger LOG = System.getLogger(Posting.class.getName());
    private static final long WAIT_SECONDS = 10;

    @Inject
    ChatWriter writer;

    public ChatItem store(Post post) {
        try {
            return writer.submit(post).get(WAIT_SECONDS, TimeUnit.SECONDS).item();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refusal refused) {
                throw refused;
            }
            LOG.log(Level.WARNING, "a post could not be stored: {0}", e.getCause().toString());
            throw new Refusal(Refusal.UNAVAILABLE, "not stored: try again");
        } catch (TimeoutException e) {
            throw new Refusal(Refusal.UNAVAILABLE, "the server is busy: the outcome is not known yet");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(Refusal.UNAVAILABLE, "interrupted");
        }
    }
}

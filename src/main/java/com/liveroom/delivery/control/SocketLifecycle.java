package com.liveroom.delivery.control;

import com.liveroom.limits.control.ServerCapacity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;

/** What opening and closing a socket sets up and tears down: its member, its pipe, its deadlines, its counts. */
@ApplicationScoped
public class SocketLifecycle {

    @Inject
    Pipes pipes;

    @Inject
    IdleTimers idleTimers;

    @Inject
    SocketSweeper sweeper;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    RoomRegistry registry;

    @Inject
    SignIn signIn;

    @Inject
    SocketCloser closer;

    @Inject
    ServerCapacity capacity;

    public Member opened(Session session) {
        // the sweeper keeps the socket's deadlines; Tyrus's own timer is re-armed on every frame, so it runs cheaply
        idleTimers.takeOver(session);
        Member member = new Member(session, pipes.open(session));
        metrics.socketOpened();
        sweeper.watch(member);
        return member;
    }

    public void closed(Member member) {
        member.markClosing();
        sweeper.forget(member);
        metrics.socketClosed();
        capacity.socketClosed();
        registry.closed(member);
        signIn.signOut(member);
    }

    /** Closes the socket with a reason; nothing more is written to it. */
    public void close(Member member, jakarta.websocket.CloseReason.CloseCode code, String reason) {
        closer.close(member, code, reason);
    }

    /** A frame for this member alone (an answer to its frame, a refusal). */
    public void send(Member member, String frame) {
        registry.send(member, frame);
    }
}

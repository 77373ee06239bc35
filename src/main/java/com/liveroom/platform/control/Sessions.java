package com.liveroom.platform.control;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Session;

/**
 * How the JPA provider treats a database that stops answering. EclipseLink retries a read outside a transaction
 * that failed for want of a connection, three times, five seconds apart: with the database gone a call would hang
 * for ten seconds and more before its 503. The connection pool already replaces dead connections and checks each
 * one it hands out ({@link Database}), so a failed read fails at once and the client is told to try again.
 * Named in persistence.xml ({@code eclipselink.session.customizer}).
 */
public class Sessions implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        session.getLogin().setQueryRetryAttemptCount(0);
        session.getLogin().setDelayBetweenConnectionAttempts(0);
    }
}

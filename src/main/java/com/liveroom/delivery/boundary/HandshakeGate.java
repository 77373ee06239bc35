package com.liveroom.delivery.boundary;

import com.liveroom.limits.control.Limits;
import com.liveroom.limits.control.ServerCapacity;
import com.liveroom.platform.control.Refusal;
import com.liveroom.wire.Frames;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The door of {@code /ws}, before the socket is opened and anything is made for it: an address's handshakes beyond
 * its per-second limit get 429; a handshake this server will not take now (full, over its handshake rate, or
 * draining: {@link ServerCapacity}) gets 503 with a {@code Retry-After} spread over a window.
 */
@WebFilter(urlPatterns = "/ws")
public class HandshakeGate extends HttpFilter {

    @Inject
    Limits limits;

    @Inject
    ServerCapacity capacity;

    @Inject
    Frames frames;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!limits.handshake(request.getRemoteAddr())) {
            refuse(response, Refusal.TOO_MANY, "too many handshakes from this address: wait a second");
            return;
        }
        ServerCapacity.Verdict verdict = capacity.handshake();
        if (!verdict.admitted()) {
            response.setHeader("Retry-After", Integer.toString(verdict.retryAfterSeconds()));
            refuse(response, Refusal.UNAVAILABLE, (verdict.reason().equals("draining")
                    ? "the server is restarting" : "the server is busy") + ": try again in "
                    + verdict.retryAfterSeconds() + " s");
            return;
        }
        boolean upgraded = false;
        try {
            chain.doFilter(request, response);
            upgraded = response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
        } finally {
            if (!upgraded) {
                capacity.notUpgraded();
            }
        }
    }

    private void refuse(HttpServletResponse response, int status, String msg) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write(frames.error(status, msg));
    }
}

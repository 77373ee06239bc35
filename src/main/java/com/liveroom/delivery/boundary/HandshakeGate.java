package com.liveroom.delivery.boundary;

import com.liveroom.wire.Frames;
import com.liveroom.limits.control.Limits;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Refuses an address's handshakes beyond the per-second limit with 429, before the socket is opened. */
@WebFilter(urlPatterns = "/ws")
public class HandshakeGate extends HttpFilter {

    @Inject
    Limits limits;

    @Inject
    Frames frames;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!limits.handshake(request.getRemoteAddr())) {
            response.setStatus(429);
            response.setContentType("application/json");
            response.getWriter().write(frames.error(429, "too many handshakes from this address: wait a second"));
            return;
        }
        chain.doFilter(request, response);
    }
}

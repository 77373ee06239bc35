package com.liveroom.platform.boundary;

import com.liveroom.platform.control.Draining;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN from the moment the server begins to drain (it is stopping), before it tells a single member to go: a load
 * balancer that watches {@code /health/ready} stops sending new connections here while the members still on it are
 * sent elsewhere.
 */
@Readiness
@ApplicationScoped
public class ServingReadiness implements HealthCheck {

    @Inject
    Draining draining;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("serving");
        return draining.begun()
                ? response.down().withData("state", "draining: the server is stopping").build()
                : response.up().withData("state", "taking connections").build();
    }
}

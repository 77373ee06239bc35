package com.liveroom.platform.boundary;

import com.hazelcast.core.HazelcastInstance;
import jakarta.enterprise.context.ApplicationScoped;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once Payara's data grid (its Hazelcast instance, bound in JNDI) is running: it is how the instances
 * of a cluster reach one another. A server started with {@code --nocluster} still runs a grid of its own, a
 * single member that joins nobody; one started with {@code --nohazelcast} has none. Either way it stands
 * alone, says so, and is ready.
 */
@Readiness
@ApplicationScoped
public class DataGridReadiness implements HealthCheck {

    static final String JNDI_NAME = "payara/Hazelcast";

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("data-grid");
        HazelcastInstance grid;
        try {
            grid = (HazelcastInstance) new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException absent) {
            return response.up().withData("clustering", "off (--nohazelcast): no data grid").build();
        }
        if (!grid.getLifecycleService().isRunning()) {
            return response.down().withData("clustering", "unknown").withData("state", "the data grid is not running").build();
        }
        // Payara turns Hazelcast's auto-detection off exactly when it sets up a cluster discovery mode
        // (--clustermode tcpip|multicast|domain|dns); with --nocluster it is left on and finds no one
        boolean clustered = !grid.getConfig().getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled();
        return response.up()
                .withData("clustering", clustered ? "on" : "off (--nocluster): this server stands alone")
                .withData("cluster", grid.getConfig().getClusterName())
                .withData("members", grid.getCluster().getMembers().size())
                .build();
    }
}

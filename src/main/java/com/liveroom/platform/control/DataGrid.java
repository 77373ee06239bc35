package com.liveroom.platform.control;

import com.hazelcast.core.HazelcastInstance;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Payara's data grid: the Hazelcast member inside Payara Micro, bound at JNDI {@code payara/Hazelcast}. It joins
 * the other servers started with the same {@code --clustername} and {@code --clustermode}; with
 * {@code --nocluster} it is a grid of one. Absent with {@code --nohazelcast}: then each server works alone.
 * Looked up rather than injected, so that a server without a grid still deploys.
 */
@ApplicationScoped
public class DataGrid {

    private static final String JNDI_NAME = "payara/Hazelcast";
    private static final Logger LOG = System.getLogger(DataGrid.class.getName());

    private HazelcastInstance grid;

    @PostConstruct
    void lookUp() {
        try {
            Object found = new InitialContext().lookup(JNDI_NAME);
            if (found instanceof HazelcastInstance instance && instance.getLifecycleService().isRunning()) {
                grid = instance;
            }
        } catch (NamingException | RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "no data grid at " + JNDI_NAME, e);
        }
        if (grid == null) {
            LOG.log(Level.INFO, "no data grid: this server works alone");
        }
    }

    public Optional<HazelcastInstance> instance() {
        return Optional.ofNullable(grid);
    }
}

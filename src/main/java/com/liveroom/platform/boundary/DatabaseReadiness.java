package com.liveroom.platform.boundary;

import com.liveroom.platform.control.Database;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the database answers a query: the schema's newest migration, read from Flyway's history table,
 * so that the probe also shows which schema this server runs on (and, on PostgreSQL, its sessions'
 * {@code synchronous_commit}). Every request needs the database, so a
 * server that cannot reach it should get no traffic; it recovers by itself when the database comes back.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final Logger LOG = System.getLogger(DatabaseReadiness.class.getName());
    private static final int QUERY_TIMEOUT_SECONDS = 2;
    /** Quoted: Flyway creates its table and columns in lower case on H2 as on PostgreSQL. */
    private static final String SCHEMA_VERSION = "SELECT \"version\" FROM \"flyway_schema_history\""
            + " WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC";

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.setMaxRows(1);
            String product = connection.getMetaData().getDatabaseProductName();
            response.withData("product", product);
            try (ResultSet newest = statement.executeQuery(SCHEMA_VERSION)) {
                response.withData("schemaVersion", newest.next() ? newest.getString(1) : "none");
            }
            if ("PostgreSQL".equals(product)) {
                // what this server's own sessions commit with: "on" is what makes an ack mean "on disk"
                try (ResultSet setting = statement.executeQuery("SHOW synchronous_commit")) {
                    setting.next();
                    response.withData("synchronousCommit", setting.getString(1));
                }
            }
            return response.up().build();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "the database readiness query failed: {0}", e.toString());
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}

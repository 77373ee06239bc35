package com.liveroom.platform.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The application's one data source, defined here so that the database is chosen by settings alone: the
 * embedded H2 file in the data directory by default, PostgreSQL in production. Flyway brings the schema up
 * to date before anything else touches it (the migrations every database gets, then its own: see
 * {@code db/README.md}); there is no schema generation.
 */
@DataSourceDefinition(
        name = Database.JNDI_NAME,
        className = "com.liveroom.platform.control.ConfiguredDataSource",
        minPoolSize = 2,
        maxPoolSize = 32,
        // a pooled connection outlives a database restart only as a dead one: each is checked (isValid) when
        // handed out, and one found dead has the whole pool replaced, so the server recovers by itself
        properties = {
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=custom-validation",
                "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
                "fish.payara.fail-all-connections=true"})
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Database {

    public static final String JNDI_NAME = "java:app/jdbc/liveroom";
    private static final Logger LOG = System.getLogger(Database.class.getName());

    @Resource(lookup = JNDI_NAME)
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        var result = Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor())
                .load()
                .migrate();
        LOG.log(Level.INFO, "database schema at version {0} ({1} migrations applied)",
                result.targetSchemaVersion, result.migrationsExecuted);
    }

    /** The folder of the migrations that differ by database: {@code h2} or {@code postgresql}. */
    private String vendor() {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            return switch (product) {
                case "H2" -> "h2";
                case "PostgreSQL" -> "postgresql";
                default -> throw new IllegalStateException("Liveroom runs on H2 or PostgreSQL, not " + product);
            };
        } catch (SQLException e) {
            throw new IllegalStateException("the database does not answer: " + e.getMessage(), e);
        }
    }
}

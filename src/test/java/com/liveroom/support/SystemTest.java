package com.liveroom.support;

import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the deployed WAR through its public surface only: it runs outside the server, with real HTTP and
 * WebSocket clients, against {@link #base}. What is deployed is the subclass's own static
 * {@code @Deployment(testable = false)} method; a test of the WAR as it ships extends {@link ShippedWarTest}
 * instead. Arquillian collects the {@code @Deployment} methods of the whole class hierarchy, so a class that
 * declares its own must not also inherit one.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class SystemTest {

    /** The deployment's address. */
    @ArquillianResource
    protected URL base;
}

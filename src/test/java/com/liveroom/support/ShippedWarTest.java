package com.liveroom.support;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A {@link SystemTest} of the WAR exactly as it ships, at its default settings. */
public abstract class ShippedWarTest extends SystemTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.liveroom();
    }
}

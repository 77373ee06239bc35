package com.liveroom.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Tests deploy the WAR exactly as it ships, built by the package phase. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive liveroom() {
        File war = new File(System.getProperty("liveroom.it.war", "target/liveroom.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}

# Liveroom on the official Payara Micro image. Build the WAR first: mvn -B package -DskipTests
#   docker build -t liveroom .
#   docker run -p 8080:8080 liveroom                       one server, embedded H2 in the data volume
# Settings come from LIVEROOM_* environment variables (README, "Settings"); Payara Micro options are the
# container's command (default --nocluster): compose.yaml passes --clustermode tcpip:... for a cluster.
FROM payara/micro:6.2025.10-jdk17

# the embedded H2 database and the token key live here; mount a volume to keep them
ENV LIVEROOM_DATA_DIR=/opt/payara/data
USER root
RUN mkdir -p /opt/payara/data && chown -R payara:payara /opt/payara/data
USER payara
VOLUME /opt/payara/data

# command files for --prebootcommandfile / --postbootcommandfile (see server-config/README.md)
COPY --chown=payara:payara server-config/ /opt/payara/server-config/
COPY --chown=payara:payara target/liveroom.war /opt/payara/deployments/liveroom.war

# 8080 HTTP and WebSocket; 6900 Payara's data grid (Hazelcast), for the other instances of a cluster. A split cluster
# is looked for 30 s after start and every 15 s (Hazelcast's defaults: 300 s and 120 s; README, "Run a cluster").
EXPOSE 8080 6900
ENTRYPOINT ["java", "-XX:+UseContainerSupport", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", \
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", \
            "-Dhazelcast.merge.first.run.delay.seconds=30", "-Dhazelcast.merge.next.run.delay.seconds=15", \
            "-jar", "/opt/payara/payara-micro.jar", \
            "--deploy", "/opt/payara/deployments/liveroom.war", "--contextroot", "/", "--port", "8080", \
            "--prebootcommandfile", "/opt/payara/server-config/pre-boot-commands.asadmin"]
CMD ["--nocluster"]

# Liveroom on the official Payara Micro image. Build the WAR first: mvn -B package -DskipTests
FROM payara/micro:6.2025.10-jdk17

# the embedded H2 database and the token key live here; mount a volume to keep them
ENV LIVEROOM_DATA_DIR=/opt/payara/data
USER root
RUN mkdir -p /opt/payara/data && chown -R payara:payara /opt/payara/data
USER payara
VOLUME /opt/payara/data

COPY --chown=payara:payara server-config/ /opt/payara/server-config/
COPY --chown=payara:payara target/liveroom.war /opt/payara/deployments/liveroom.war

EXPOSE 8080
ENTRYPOINT ["java", "-XX:+UseContainerSupport", "-XX:MaxRAMPercentage=70", "-jar", "/opt/payara/payara-micro.jar"]
CMD ["--deploy", "/opt/payara/deployments/liveroom.war", "--contextroot", "/", \
     "--prebootcommandfile", "/opt/payara/server-config/pre-boot-commands.asadmin"]

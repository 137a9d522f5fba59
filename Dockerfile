# syntax=docker/dockerfile:1
# Build: Maven on a JDK image. The dependency layer is resolved from pom.xml alone, so it stays
# cached until the pom changes.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY proto proto
COPY sql sql
COPY src src
RUN mvn -B -q -DskipTests package

# Run: JRE only, numeric non-root user.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/orders.jar /app/orders.jar
USER 1001:1001
EXPOSE 50051
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/orders.jar"]
CMD ["serve"]

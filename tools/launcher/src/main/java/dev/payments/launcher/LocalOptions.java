package dev.payments.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the local stack listens and keeps its data. Defaults are the contract's local ports (docs/contract.md §6); every one can
 * be changed on the command line ({@code --edge-port=18080}), 0 meaning any free port.
 *
 * @param postgresPort 5432 by default; if that default is taken, a free port is used instead
 */
public record LocalOptions(
        Path dataDir,
        boolean reset,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        int sandboxPort,
        int workerPort,
        int edgePort,
        int shopPort,
        boolean postgresPortExplicit) {

    static final String USAGE = """
            Usage: run-local.sh [options]
              --data-dir=<dir>               where Kafka's log and PostgreSQL's data live (default ./data)
              --reset                        delete the data folder first (all orders and events are lost)
              --kafka-port=<port>            Kafka PLAINTEXT listener (default 9092)
              --kafka-controller-port=<port> Kafka KRaft controller listener (default 9093)
              --postgres-port=<port>         PostgreSQL (default 5432, or a free port if 5432 is taken)
              --sandbox-port=<port>          PG sandbox (default 8090)
              --worker-port=<port>           worker actuator (default 8081)
              --edge-port=<port>             api-edge (default 8080)
              --shop-port=<port>             demo shop (default 8070)
            A port of 0 means any free port.""";

    public static LocalOptions defaults() {
        return new LocalOptions(Path.of("data"), false, 9092, 9093, 5432, 8090, 8081, 8080, 8070, false);
    }

    public static LocalOptions parse(String... args) {
        LocalOptions o = defaults();
        List<String> unknown = new ArrayList<>();
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            o = switch (name) {
                case "--reset" -> o.withReset(true);
                case "--data-dir" -> o.withDataDir(Path.of(value));
                case "--kafka-port" -> o.withKafkaPorts(port(arg, value), o.kafkaControllerPort);
                case "--kafka-controller-port" -> o.withKafkaPorts(o.kafkaPort, port(arg, value));
                case "--postgres-port" -> o.withPostgresPort(port(arg, value));
                case "--sandbox-port" -> o.withServicePorts(port(arg, value), o.workerPort, o.edgePort);
                case "--worker-port" -> o.withServicePorts(o.sandboxPort, port(arg, value), o.edgePort);
                case "--edge-port" -> o.withServicePorts(o.sandboxPort, o.workerPort, port(arg, value));
                case "--shop-port" -> o.withShopPort(port(arg, value));
                default -> {
                    unknown.add(arg);
                    yield o;
                }
            };
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + "\n" + USAGE);
        }
        return o;
    }

    public LocalOptions withDataDir(Path dir) {
        return new LocalOptions(
                dir,
                reset,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                sandboxPort,
                workerPort,
                edgePort,
                shopPort,
                postgresPortExplicit);
    }

    public LocalOptions withReset(boolean value) {
        return new LocalOptions(
                dataDir,
                value,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                sandboxPort,
                workerPort,
                edgePort,
                shopPort,
                postgresPortExplicit);
    }

    public LocalOptions withKafkaPorts(int broker, int controller) {
        return new LocalOptions(
                dataDir,
                reset,
                broker,
                controller,
                postgresPort,
                sandboxPort,
                workerPort,
                edgePort,
                shopPort,
                postgresPortExplicit);
    }

    public LocalOptions withPostgresPort(int port) {
        return new LocalOptions(
                dataDir,
                reset,
                kafkaPort,
                kafkaControllerPort,
                port,
                sandboxPort,
                workerPort,
                edgePort,
                shopPort,
                true);
    }

    public LocalOptions withServicePorts(int sandbox, int worker, int edge) {
        return new LocalOptions(
                dataDir,
                reset,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                sandbox,
                worker,
                edge,
                shopPort,
                postgresPortExplicit);
    }

    public LocalOptions withShopPort(int shop) {
        return new LocalOptions(
                dataDir,
                reset,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                sandboxPort,
                workerPort,
                edgePort,
                shop,
                postgresPortExplicit);
    }

    private static int port(String arg, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("not a port: " + arg + "\n" + USAGE);
    }
}

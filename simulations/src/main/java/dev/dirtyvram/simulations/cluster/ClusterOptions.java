package dev.dirtyvram.simulations.cluster;

import dev.dirtyvram.actors.cluster.ClusterSettings;
import dev.dirtyvram.persistence.BadInputException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** How a node, or a sweep or hunt that coordinates a cluster, binds and proves who it is. */
public final class ClusterOptions {
    /** The environment variable the TLS keystore's password comes from when no file names it. */
    public static final String TLS_PASSWORD_ENV = "DIRTYVRAM_TLS_PASSWORD";

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind and to be reached at (default 127.0.0.1: this machine only; give this machine's address between machines).")
    String host;

    @Option(names = "--tls-keystore", description = "PKCS12/JKS keystore with this member's key and certificate: members talk TLS (mutual).")
    Path keystore;

    @Option(names = "--tls-truststore", description = "Keystore of the certificates this member trusts (with --tls-keystore).")
    Path truststore;

    @Option(names = "--tls-password-file", description = "File holding the keystores' password (default: $" + TLS_PASSWORD_ENV + "; never on the command line).")
    Path passwordFile;

    public ClusterSettings settings(int port, List<String> seeds) {
        if ((keystore == null) != (truststore == null)) throw new BadInputException("--tls-keystore and --tls-truststore go together");
        ClusterSettings.Tls tls = keystore == null ? null : new ClusterSettings.Tls(keystore, truststore, password());
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && tls == null) {
            throw new BadInputException("--host " + host + " opens this member to other machines: give --tls-keystore and --tls-truststore");
        }
        return new ClusterSettings(host, port, seeds, tls);
    }

    private String password() {
        return BadInputException.secret(passwordFile == null ? null : passwordFile.toString(), TLS_PASSWORD_ENV);
    }

    /** "host:port,host:port" as a list; empty when not given. */
    public static List<String> members(String list) {
        if (list == null || list.isBlank()) return List.of();
        List<String> out = List.of(list.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String m : out) {
            int colon = m.lastIndexOf(':');
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(m.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                // reported below
            }
            if (port < 1 || port > 65535) throw new BadInputException("'" + m + "' is not host:port (a cluster member's address)");
        }
        return out;
    }
}

package dev.dirtyvram.actors.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.dirtyvram.persistence.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a process takes part in the cluster: the address it binds (127.0.0.1 unless told otherwise), the members it
 * joins through, and, between machines, its TLS identity (Artery over TLS with mutual authentication: a process
 * without a certificate the truststore trusts cannot join).
 *
 * @param seeds "host:port" of members to join through; empty: this process starts a new cluster
 * @param tls   null for plain TCP
 */
public record ClusterSettings(String host, int port, List<String> seeds, Tls tls) {
    /** Every member's actor system has this name: addresses are pekko://dirtyvram@host:port. */
    public static final String SYSTEM = "dirtyvram";

    /** The keystore (this member's key and certificate), the truststore (the certificates it accepts) and their password. */
    public record Tls(Path keystore, Path truststore, String password) {
        public Tls {
            for (Path p : List.of(keystore, truststore)) {
                if (!Files.isReadable(p)) throw new BadInputException("cannot read " + p + " (a TLS keystore or truststore)");
            }
            if (password == null || password.isEmpty()) throw new BadInputException("TLS needs the keystore's password (environment or file)");
        }
    }

    public ClusterSettings {
        if (port < 0 || port > 65535) throw new BadInputException("--port must be 0..65535, got " + port);
        for (String s : seeds) address(s);
    }

    /** "host:port" as a member address; anything else is bad input. */
    static String address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            if (colon <= 0) throw new NumberFormatException();
            int p = Integer.parseInt(hostPort.substring(colon + 1));
            if (p < 1 || p > 65535) throw new NumberFormatException();
            return "pekko://" + SYSTEM + "@" + hostPort.substring(0, colon) + ":" + p;
        } catch (NumberFormatException e) {
            throw new BadInputException("a cluster member is host:port (e.g. 127.0.0.1:2551), got '" + hostPort + "'");
        }
    }

    /**
     * The actor system's configuration on top of {@code base}: cluster provider, address, seeds, {@code role} (workers
     * have {@link RunWorker#ROLE}; a coordinator none), downing and TLS.
     */
    public Config config(Config base, String role) {
        List<String> seedAddresses = new ArrayList<>();
        for (String s : seeds) seedAddresses.add(address(s));
        Config c = ConfigFactory.parseString(String.join("\n",
                "pekko.actor.provider = cluster",
                "pekko.remote.artery.transport = " + (tls == null ? "tcp" : "tls-tcp"),
                // A member that cannot reach its seeds (or is refused: no trusted certificate) gives up instead of retrying for ever.
                "pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = 20s",
                // A dead member is downed once the others agree for a while; keep-oldest with down-if-alone keeps the
                // side without the oldest member when the oldest is the one lost, so a coordinator is never the side downed
                // for being alone with a lost worker.
                "pekko.cluster.downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
                "pekko.cluster.split-brain-resolver.active-strategy = keep-oldest",
                "pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone = on",
                "pekko.cluster.split-brain-resolver.stable-after = 5s",
                "pekko.cluster.log-info = off",
                "pekko.coordinated-shutdown.exit-jvm = off"))
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedAddresses))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(role == null ? List.of() : List.of(role)));
        if (tls != null) {
            String ssl = "pekko.remote.artery.ssl.config-ssl-engine.";
            c = c.withValue(ssl + "key-store", ConfigValueFactory.fromAnyRef(tls.keystore().toAbsolutePath().toString()))
                    .withValue(ssl + "trust-store", ConfigValueFactory.fromAnyRef(tls.truststore().toAbsolutePath().toString()))
                    .withValue(ssl + "key-store-password", ConfigValueFactory.fromAnyRef(tls.password()))
                    .withValue(ssl + "key-password", ConfigValueFactory.fromAnyRef(tls.password()))
                    .withValue(ssl + "trust-store-password", ConfigValueFactory.fromAnyRef(tls.password()))
                    .withValue(ssl + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true));
        }
        return c.withFallback(base);
    }
}

/*
 * One OpenSearch node for lexdesk's cluster tests and benchmarks.
 *
 * A production distribution starts a node through its bootstrap scripts; here the
 * server jar and the modules lexdesk relies on come from Maven Central, so the node is
 * built from the same classes with those modules on the classpath. It binds only to
 * 127.0.0.1 and exits when the process that started it is gone, so a crashed test
 * run leaves no node behind.
 *
 * Usage: LexdeskNode HOME NAME HTTP_PORT TRANSPORT_PORT CLUSTER SEEDS MANAGERS PARENT_PID
 *   SEEDS     comma-separated transport addresses of all nodes (127.0.0.1:9300,…)
 *   MANAGERS  comma-separated node names that bootstrap the first cluster manager
 *   PARENT_PID the node stops when this process ends (0: never)
 */

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

public final class LexdeskNode {

    /** The node with the modules of a distribution that lexdesk's mapping and API use. */
    private static final class ModuleNode extends Node {
        ModuleNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    private LexdeskNode() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println(
                "usage: LexdeskNode HOME NAME HTTP_PORT TRANSPORT_PORT CLUSTER SEEDS MANAGERS PARENT_PID");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String name = args[1];
        Settings.Builder settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("node.name", name)
            .put("cluster.name", args[4])
            // Loopback only: the tests must never listen on another interface.
            .put("network.host", "127.0.0.1")
            .put("http.port", args[2])
            .put("transport.port", args[3])
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .putList("discovery.seed_hosts", List.of(args[5].split(",")))
            .putList("cluster.initial_cluster_manager_nodes", List.of(args[6].split(",")))
            // A shared 2-core machine: small pools, and no disk watermarks that refuse
            // shards because other work filled the disk.
            .put("node.processors", 1)
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            // Faster failure detection than production, so a stopped node is noticed
            // within seconds rather than a minute.
            .put("cluster.fault_detection.follower_check.interval", "500ms")
            .put("cluster.fault_detection.follower_check.retry_count", 2)
            .put("cluster.fault_detection.leader_check.interval", "500ms")
            .put("cluster.fault_detection.leader_check.retry_count", 2);
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings.build(), Map.of(), null, () -> name);
        Node node = new ModuleNode(
            environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, ReindexPlugin.class));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception error) {
                error.printStackTrace();
            }
        }));
        node.start();
        System.out.println("started " + name);
        watchParent(Long.parseLong(args[7]));
    }

    /** Exit when the process that started the node ends; keep running while it lives. */
    private static void watchParent(long parentPid) throws InterruptedException {
        if (parentPid <= 0) {
            Thread.currentThread().join();
        }
        while (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(1000);
        }
        System.out.println("parent " + parentPid + " is gone, stopping");
        System.exit(0);
    }
}

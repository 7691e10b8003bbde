package dev.dirtyvram.simulations;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "scenarios", mixinStandardHelpOptions = true, description = "List the built-in scenarios, one line each.")
final class ScenariosCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print them as JSON.")
    boolean json;

    @Override
    public Integer call() {
        var all = new ScenarioLoader().builtIns();
        if (json) {
            System.out.println(Json.object(all));
            return Main.OK;
        }
        int w = all.keySet().stream().mapToInt(String::length).max().orElse(10);
        all.forEach((name, description) -> System.out.printf("%-" + w + "s  %s%n", name, description));
        return Main.OK;
    }
}

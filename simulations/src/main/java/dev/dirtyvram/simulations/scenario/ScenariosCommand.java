package dev.dirtyvram.simulations.scenario;

import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
@Command(name = "scenarios", mixinStandardHelpOptions = true, description = "List the built-in scenarios, one line each.")
public final class ScenariosCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print them as JSON.")
    boolean json;

    @Override
    public Integer call() {
        var all = new ScenarioLoader().builtIns();
        if (json) {
            System.out.println(Json.object(all));
            return ExitStatus.OK.code;
        }
        int w = all.keySet().stream().mapToInt(String::length).max().orElse(10);
        all.forEach((name, description) -> System.out.printf("%-" + w + "s  %s%n", name, description));
        return ExitStatus.OK.code;
    }
}

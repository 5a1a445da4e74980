package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Check;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.ShareChart;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.guest.SchedulerPicks;
import dev.svcnet.harness.vm.Availability;
import dev.svcnet.harness.vm.GuestResult;
import dev.svcnet.harness.vm.KernelVm;
import dev.svcnet.harness.vm.KernelVmException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * In Debian's kernel under QEMU: lb-algorithms' IPVS schedulers pick, decision for decision, the
 * destination the kernel picks, over random scenarios (see {@link SchedulerPicks}). Charts show,
 * per scheduler, the share of connections each pool slot got from the kernel and from svcnet.
 */
public final class SchedulerDecisionsCheck implements Check {

  /** Scenarios per run are capped: each costs a namespace and ~20 SYNs in a slow guest. */
  static final int MAX_SCENARIOS = 40;

  private final KernelVm vm;

  /** The check in Debian's kernel as prepared by scripts/prepare-kernel. */
  public SchedulerDecisionsCheck() {
    this(KernelVm.defaults().withTimeout(Duration.ofMinutes(8)));
  }

  /** The check in the given kernel VM. */
  public SchedulerDecisionsCheck(KernelVm vm) {
    this.vm = vm;
  }

  @Override
  public String capability() {
    return "ipvs.scheduler-decisions";
  }

  @Override
  public String description() {
    return "every IPVS scheduling decision of svcnet's model is the kernel's";
  }

  @Override
  public Set<Target> targets() {
    return Set.of(Target.VM);
  }

  @Override
  public CheckResult run(Target target, Settings settings) {
    if (!targets().contains(target)) {
      return CheckResult.notRun(capability(), target, "runs on the vm target only");
    }
    Availability availability = vm.availability();
    if (!availability.canRun()) {
      return CheckResult.notRun(capability(), target, availability.reason());
    }
    int scenarios = Math.min(settings.tries(), MAX_SCENARIOS);
    long started = System.nanoTime();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      GuestResult result = vm.run(SchedulerPicks.command(java,
          System.getProperty("java.class.path"), settings.seed(), scenarios,
          settings.faultyModels()));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String output = result.output().strip();
      List<ShareChart> charts = charts(output);
      if (result.succeeded()) {
        return new CheckResult(capability(), target, Verdict.PASSED, scenarios
            + " random scenarios, every decision the kernel's", took, null, charts);
      }
      Optional<String> first = GuestLines.after(output, SchedulerPicks.FIRST);
      Optional<String> minimal = GuestLines.after(output, SchedulerPicks.MINIMAL);
      Optional<String> problem = GuestLines.after(output, SchedulerPicks.PROBLEM);
      if (first.isEmpty() || minimal.isEmpty() || problem.isEmpty()) {
        return new CheckResult(capability(), target, Verdict.FAILED,
            "the guest failed without a counterexample: " + output, took, null, charts);
      }
      Counterexample counterexample = new Counterexample(settings.seed(),
          GuestLines.text(first.get()), GuestLines.size(first.get()),
          GuestLines.text(minimal.get()), GuestLines.size(minimal.get()), problem.get(),
          Counterexample.reproduceCommand(target, capability(),
              settings.withTries(scenarios)));
      return new CheckResult(capability(), target, Verdict.FAILED, "a scenario of "
          + counterexample.firstSize() + " steps disagreed; shrunk to "
          + counterexample.minimalSize() + " steps: " + problem.get(), took, counterexample,
          charts);
    } catch (KernelVmException e) {
      return new CheckResult(capability(), target, Verdict.FAILED,
          "kernel VM failed: " + e.getMessage(), Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** One chart per scheduler: each pool slot's share of the picks, kernel against svcnet. */
  static List<ShareChart> charts(String output) {
    Map<String, long[][]> bySchedulerSlot = new LinkedHashMap<>();
    for (String line : output.split("\\n")) {
      if (!line.startsWith(SchedulerPicks.PICKS)) {
        continue;
      }
      String[] fields = line.substring(SchedulerPicks.PICKS.length()).strip().split(" ");
      String[] kernel = fields[1].split(",");
      String[] model = fields[2].split(",");
      long[][] sums = bySchedulerSlot.computeIfAbsent(fields[0], s -> new long[2][8]);
      for (int slot = 0; slot < kernel.length; slot++) {
        sums[0][slot] += Long.parseLong(kernel[slot]);
        sums[1][slot] += Long.parseLong(model[slot]);
      }
    }
    List<ShareChart> charts = new ArrayList<>();
    bySchedulerSlot.forEach((scheduler, sums) -> {
      long kernelTotal = 0;
      long modelTotal = 0;
      int slots = 0;
      for (int slot = 0; slot < sums[0].length; slot++) {
        kernelTotal += sums[0][slot];
        modelTotal += sums[1][slot];
        if (sums[0][slot] + sums[1][slot] > 0) {
          slots = slot + 1;
        }
      }
      if (slots == 0) {
        return;
      }
      List<String> categories = new ArrayList<>();
      List<Double> observed = new ArrayList<>();
      List<Double> predicted = new ArrayList<>();
      for (int slot = 0; slot < slots; slot++) {
        categories.add("destination " + slot);
        observed.add(kernelTotal == 0 ? 0.0 : sums[0][slot] / (double) kernelTotal);
        predicted.add(modelTotal == 0 ? 0.0 : sums[1][slot] / (double) modelTotal);
      }
      charts.add(new ShareChart("IPVS " + scheduler + ": share of " + kernelTotal
          + " connections per destination slot (all " + scheduler + " scenarios)", categories,
          "kernel (observed)", observed, "svcnet model (predicted)", predicted));
    });
    return charts;
  }
}

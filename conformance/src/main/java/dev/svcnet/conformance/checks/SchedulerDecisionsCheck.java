package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.ShareChart;
import dev.svcnet.conformance.guest.SchedulerPicks;
import dev.svcnet.harness.vm.KernelVm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * In Debian's kernel under QEMU: lb-algorithms' IPVS schedulers pick, decision for decision, the
 * destination the kernel picks, over random scenarios (see {@link SchedulerPicks}). Charts show,
 * per scheduler, the share of connections each pool slot got from the kernel and from svcnet.
 */
public final class SchedulerDecisionsCheck extends GuestPropertyCheck {

  /** Scenarios per run are capped: each costs a namespace and ~20 SYNs in a slow guest. */
  static final int MAX_SCENARIOS = 40;

  /** The check in Debian's kernel as prepared by scripts/prepare-kernel. */
  public SchedulerDecisionsCheck() {
    this(KernelVm.defaults().withTimeout(Duration.ofMinutes(8)));
  }

  /** The check in the given kernel VM. */
  public SchedulerDecisionsCheck(KernelVm vm) {
    super(vm);
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
  int maxCases() {
    return MAX_SCENARIOS;
  }

  @Override
  List<String> guestCommand(String java, String classPath, Settings settings, int cases) {
    return SchedulerPicks.command(java, classPath, settings.seed(), cases, settings.faultyModels());
  }

  @Override
  String passed(int cases) {
    return cases + " random scenarios, every decision the kernel's";
  }

  @Override
  String failed(Counterexample counterexample) {
    return "a scenario of " + counterexample.firstSize() + " steps disagreed; shrunk to "
        + counterexample.minimalSize() + " steps: " + counterexample.problem();
  }

  /** One chart per scheduler: each pool slot's share of the picks, kernel against svcnet. */
  @Override
  List<ShareChart> charts(String output) {
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

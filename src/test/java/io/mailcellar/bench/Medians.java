package io.mailcellar.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The median of each figure over a scenario's runs. */
final class Medians {

    private Medians() {
    }

    static Measurement of(List<Measurement> runs) {
        return new Measurement(median(runs, Measurement::wallSeconds), median(runs, Measurement::cpuSeconds),
                median(runs, Measurement::peakRssMb), runs.get(0).messages(), runs.get(0).bytes(),
                median(runs, Measurement::kafkaCpuSeconds), median(runs, Measurement::s3CpuSeconds),
                median(runs, Measurement::jitCpuSeconds), median(runs, Measurement::serviceJitCpuSeconds),
                median(runs, Measurement::seenLateSeconds));
    }

    static double median(List<Measurement> runs, ToDoubleFunction<Measurement> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}

package io.mailcellar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a peer tool under GNU time: wall and CPU seconds, peak RSS, process start included. */
final class TimedCommand {

    private TimedCommand() {
    }

    static Measurement run(List<String> command, Path workDir, Path log, int messages, long bytes)
            throws IOException, InterruptedException {
        Path times = Files.createTempFile(workDir, "time-", ".txt");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S %M"));
        timed.addAll(command);
        Process process = new ProcessBuilder(timed).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish in 30 minutes");
        }
        String[] figures = Files.readString(times).trim().lines().reduce((a, b) -> b).orElseThrow().split(" ");
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + "; see " + log);
        }
        return new Measurement(Double.parseDouble(figures[0]),
                Double.parseDouble(figures[1]) + Double.parseDouble(figures[2]),
                Long.parseLong(figures[3]) / 1024.0, messages, bytes);
    }
}

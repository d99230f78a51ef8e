package org.camgate.lifecycle;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.camgate.audit.AuditEvent;
import org.camgate.common.yaml.ConfigException;
import org.camgate.config.ConfigLoader;
import org.camgate.common.yaml.ConfigProblem;
import org.camgate.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the configuration file and applies it: a valid file through {@code apply} (the gateway's in-place
 * reconfiguration), an invalid one not at all, every problem logged with the file, YAML path and line. Every
 * attempt is recorded in {@link ReloadStatus} (status and metric) and audited as event {@code reload}. Attempts run
 * one at a time.
 */
public final class Reloader {
    public static final String AUDIT_EVENT = "reload";
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    private final Path file;
    private final Map<String, String> variables;
    private final Function<GatewayConfig, ConfigChange> apply;
    private final Consumer<AuditEvent> audit;
    private final ReloadStatus status;
    private final Clock clock;

    /**
     * @param variables what {@code ${NAME}} may refer to (the environment)
     * @param apply     applies a valid configuration in place and says what changed
     * @param audit     where the {@code reload} audit event goes
     */
    public Reloader(Path file, Map<String, String> variables, Function<GatewayConfig, ConfigChange> apply,
                    Consumer<AuditEvent> audit, ReloadStatus status, Clock clock) {
        this.file = requireNonNull(file, "file");
        this.variables = Map.copyOf(variables);
        this.apply = requireNonNull(apply, "apply");
        this.audit = requireNonNull(audit, "audit");
        this.status = requireNonNull(status, "status");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Reloads now; {@code trigger} says why ({@code signal}, {@code watch}, ...). */
    public synchronized ReloadStatus.Attempt reload(String trigger) {
        log.info("reloading {} ({})", file, trigger);
        GatewayConfig next;
        try {
            next = ConfigLoader.load(file, variables);
        } catch (ConfigException e) {
            List<String> problems = new ArrayList<>();
            for (ConfigProblem p : e.problems()) {
                problems.add(p.toString());
                log.error("{}: {}", file, p);
            }
            log.error("reload of {} refused: {} problem(s); the running configuration is unchanged", file,
                    problems.size());
            return finish(trigger, ReloadStatus.Result.INVALID, List.of(), List.of(), problems);
        }
        ConfigChange change;
        try {
            change = apply.apply(next);
        } catch (RuntimeException e) {
            String problem = "applying the configuration failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            log.error("reload of {}: {}", file, problem, e);
            return finish(trigger, ReloadStatus.Result.FAILED, List.of(), List.of(), List.of(problem));
        }
        if (!change.needsRestart().isEmpty()) {
            log.warn("reload of {}: {} changed but take effect only after a restart; the running gateway keeps the "
                    + "old values", file, String.join(", ", change.needsRestart()));
        }
        if (change.parts().isEmpty()) {
            log.info("reload of {}: nothing to apply", file);
            return finish(trigger, ReloadStatus.Result.UNCHANGED, List.of(), change.needsRestart(), List.of());
        }
        log.info("reload of {} applied: {}", file, String.join("; ", change.parts()));
        return finish(trigger, ReloadStatus.Result.APPLIED, change.parts(), change.needsRestart(), List.of());
    }

    private ReloadStatus.Attempt finish(String trigger, ReloadStatus.Result result, List<String> changed,
                                        List<String> needsRestart, List<String> problems) {
        ReloadStatus.Attempt attempt = new ReloadStatus.Attempt(clock.instant(), trigger, result, changed,
                needsRestart, problems);
        status.record(attempt);
        AuditEvent.Builder event = AuditEvent.builder(AUDIT_EVENT, attempt.time()).remote("local")
                .detail("trigger", trigger).detail("result", result.label());
        if (!changed.isEmpty()) {
            event.detail("changed", changed);
        }
        if (!needsRestart.isEmpty()) {
            event.detail("needsRestart", needsRestart);
        }
        if (!problems.isEmpty()) {
            event.detail("problems", problems.size() > 20 ? problems.subList(0, 20) : problems);
        }
        try {
            audit.accept(event.build());
        } catch (RuntimeException e) {
            log.warn("reload not audited: {}", e.toString());
        }
        return attempt;
    }
}

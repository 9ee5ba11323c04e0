package com.cyclefleet.cli;

import com.cyclefleet.formats.training.TrainingParameters;
import com.cyclefleet.formats.training.WireNames;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every hyper-parameter option its default from {@link TrainingParameters#defaults()}, so the command line
 * states no default of its own. An option {@code --load-size} is the record's {@code loadSize}; the two options that
 * keep the reference's spelling are mapped by name.
 */
final class TrainingDefaults implements IDefaultValueProvider {
    private static final Map<String, String> SPELLED_OTHERWISE = Map.of("--netG", "netG", "--lambda-cycle", "lambdaA");

    @Override
    public String defaultValue(ArgSpec arg) throws Exception {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String name = SPELLED_OTHERWISE.getOrDefault(option.longestName(), camel(option.longestName()));
        TrainingParameters defaults = TrainingParameters.defaults();
        for (RecordComponent c : TrainingParameters.class.getRecordComponents()) {
            if (c.getName().equals(name)) {
                Object value = c.getAccessor().invoke(defaults);
                return value instanceof Enum<?> e ? WireNames.of(e) : String.valueOf(value);
            }
        }
        return null;
    }

    /** {@code --epochs-decay} to {@code epochsDecay}. */
    private static String camel(String option) {
        String[] parts = option.replaceFirst("^--", "").split("-");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                sb.append(parts[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(parts[i].substring(1));
            }
        }
        return sb.toString();
    }
}
